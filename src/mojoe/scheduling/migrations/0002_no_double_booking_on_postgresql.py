"""On PostgreSQL the database itself refuses overlapping appointments.

An exclusion constraint (GiST over provider + time range, via btree_gist) refuses a second appointment that
overlaps one the provider already holds, whatever code path inserts it; a second one does the same for the
patient. Released appointments (cancelled, no-show, entered in error) do not hold time. SQLite has no such
constraint: there the booking service's check runs in a write-serialized transaction (see settings).
"""

from django.db import migrations

RELEASED = "('cancelled', 'noshow', 'entered-in-error')"


def _sql(column: str, name: str) -> str:
    return (
        f"ALTER TABLE scheduling_appointment ADD CONSTRAINT {name} EXCLUDE USING gist "
        f'({column} WITH =, tstzrange("start", "end", \'[)\') WITH &&) WHERE (status NOT IN {RELEASED})'
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(_sql("provider_id", "appointment_no_provider_overlap"))
    schema_editor.execute(_sql("patient_id", "appointment_no_patient_overlap"))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ("appointment_no_provider_overlap", "appointment_no_patient_overlap"):
        schema_editor.execute(f"ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
