from django.db import migrations, models


def close_extra_open_conversations(apps, schema_editor):
    """Before the constraint: where two open conversations share an address (texts that raced), the one
    written to last stays open and the others are closed, their messages kept."""
    Conversation = apps.get_model("messaging", "Conversation")
    seen = set()
    for conversation in (
        Conversation.objects.exclude(status="closed")
        .order_by(
            "practice_id",
            "channel",
            "address",
            models.F("last_message_at").desc(nulls_last=True),
            "-created_at",
        )
        .only("practice_id", "channel", "address", "status")
    ):
        key = (conversation.practice_id, conversation.channel, conversation.address)
        if key in seen:
            conversation.status = "closed"
            conversation.save(update_fields=["status"])
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0004_email_threading"),
    ]

    operations = [
        migrations.RunPython(close_extra_open_conversations, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="conversation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=("practice", "channel", "address"),
                name="one_open_conversation_per_address",
            ),
        ),
    ]
