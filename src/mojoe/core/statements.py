"""Statements for the hot paths, written once per process and database instead of on every call.

The ORM builds and compiles a statement's SQL on every call; on the machines Mojoe runs on that takes about
0.3-0.5 ms, where running it takes a few hundredths of a millisecond. An inbound text makes about ten such
statements, which made up half of its time. The statements here are the same ones, for the shapes a hot path
uses (a new row, an update of named fields, rows found by equal fields), with their SQL made once from the
model's own table and columns and the values converted by the model's own fields, as the ORM does.

What they leave out, as the hot paths do not need it: signals (Mojoe has no receivers), expressions as
values, model inheritance, and primary keys the database generates (Mojoe's are UUIDs made in Python).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models.expressions import Col

M = TypeVar("M", bound=models.Model)


def _quoted(connection, field: models.Field) -> str:
    return connection.ops.quote_name(field.column)


def _table(connection, model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class _Writing:
    """A field written by these statements, with what is known of its conversion, asked once: a conversion
    takes a microsecond or several (a date and time asks for the time zone settings), and most values written
    need none."""

    field: models.Field
    none_stays_none: bool  # it writes None as None
    text_as_given: bool  # a plain CharField or TextField, whose conversion returns text unchanged

    @classmethod
    def of(cls, field: models.Field, connection) -> _Writing:
        return cls(
            field,
            none_stays_none=field.get_db_prep_save(None, connection) is None,
            text_as_given=type(field) in (models.CharField, models.TextField)
            and field.get_db_prep_save("x", connection) == "x",
        )


def _prepared(fields: tuple[_Writing, ...], instance: models.Model, connection, add: bool) -> list:
    values = []
    for writing in fields:
        value = writing.field.pre_save(instance, add)
        if (value is None and writing.none_stays_none) or (type(value) is str and writing.text_as_given):
            values.append(value)
        else:
            values.append(writing.field.get_db_prep_save(value, connection))
    return values


@cache
def _insert_sql(
    model: type[models.Model], alias: str, unless_duplicate: bool = False
) -> tuple[str, tuple[_Writing, ...]]:
    connection = connections[alias]
    if not model._meta.pk.has_default():
        raise TypeError(f"{model.__name__}'s primary key is made by the database: save() it instead")
    fields = tuple(model._meta.local_concrete_fields)
    columns = ", ".join(_quoted(connection, field) for field in fields)
    placeholders = ", ".join("%s" for _ in fields)
    # Here and below, table and column names come from the model, quoted; every value is a parameter.
    table = _table(connection, model)
    # Both SQLite (3.24+) and PostgreSQL skip only a row that breaks a uniqueness constraint this way; SQLite's
    # INSERT OR IGNORE, which the ORM uses, would also skip one that breaks NOT NULL or CHECK.
    suffix = " ON CONFLICT DO NOTHING" if unless_duplicate else ""
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}){suffix}"  # noqa: S608
    return sql, tuple(_Writing.of(field, connection) for field in fields)


def _insert(instance: models.Model, using: str, unless_duplicate: bool) -> bool:
    connection = connections[using]
    sql, fields = _insert_sql(type(instance), using, unless_duplicate)
    values = _prepared(fields, instance, connection, add=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        inserted = not unless_duplicate or cursor.rowcount == 1
    if inserted:
        instance._state.adding = False
        instance._state.db = using
    return inserted


def row_insert(instance: M, *, using: str = "default") -> M:
    """INSERT a new row, as `instance.save(force_insert=True)` would: `auto_now` and `auto_now_add` stamped,
    every value converted by its field. Inside a transaction or not, as the caller's is."""
    _insert(instance, using, unless_duplicate=False)
    return instance


def row_insert_unless_duplicate(instance: models.Model, *, using: str = "default") -> bool:
    """INSERT the row as `row_insert` does, unless a row already holds one of its unique values; False then,
    with nothing written and the transaction still usable (no IntegrityError to roll back to a savepoint).

    On PostgreSQL, when the other row is being written by a transaction still open, this waits for it: it is
    then False if that transaction commits, and inserts if it rolls back."""
    return _insert(instance, using, unless_duplicate=True)


@cache
def _update_sql(
    model: type[models.Model], names: tuple[str, ...], alias: str
) -> tuple[str, tuple[_Writing, ...]]:
    connection = connections[alias]
    meta = model._meta
    fields = tuple(meta.get_field(name) for name in names)
    assignments = ", ".join(f"{_quoted(connection, field)} = %s" for field in fields)
    table, pk = _table(connection, model), _quoted(connection, meta.pk)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    return sql, tuple(_Writing.of(field, connection) for field in fields)


def row_update(instance: models.Model, fields: Iterable[str], *, using: str = "default") -> int:
    """UPDATE these fields of the instance's row, as `instance.save(update_fields=…)` would (an `auto_now`
    field among them stamped). Returns the number of rows updated."""
    connection = connections[using]
    sql, chosen = _update_sql(type(instance), tuple(fields), using)
    values = _prepared(chosen, instance, connection, add=False)
    values.append(instance._meta.pk.get_db_prep_value(instance.pk, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.rowcount


def _literal(value) -> str:
    """A fixed value of a lookup (from the code, never from a request) as SQL."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"A lookup's fixed values are text or whole numbers, not {value!r}")
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class _Compiled:
    select: str  # every column of the first row found
    select_pks: str  # the primary keys of the rows found, up to a LIMIT given as the last parameter
    ask: str  # whether there is a row
    fields: tuple[tuple[str, models.Field], ...]  # (value name, field) for each %s of the conditions
    attnames: tuple[str, ...]
    converters: tuple[tuple[Col, tuple], ...]  # per column: what turns the database's value into Python's


class RowLookup:
    """Rows of `model` found by equal fields: `by` names fields given at each call; `any_of` names a value
    given at each call and the fields of which at least one must equal it (`any_of={"phone": ("phone_mobile",
    "phone_home")}`); `excluding` gives fixed values the rows must not have (`{"status": "closed"}`).

    `first(**values)` builds a model instance, `pks(limit, **values)` lists primary keys, `exists(**values)`
    only asks. A foreign key is given as its instance or its primary key. There is no ordering: `first` is
    for lookups that find one row at most.
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        by: tuple[str, ...],
        any_of: Mapping[str, tuple[str, ...]] | None = None,
        excluding: Mapping[str, Any] | None = None,
    ):
        self.model = model
        self.by = by
        self.any_of = dict(any_of or {})
        self.excluding = dict(excluding or {})
        self.names = frozenset(by) | frozenset(self.any_of)
        self._per_database: dict[str, _Compiled] = {}

    def _compiled(self, connection) -> _Compiled:
        compiled = self._per_database.get(connection.alias)
        if compiled is None:
            compiled = self._per_database[connection.alias] = self._compile(connection)
        return compiled

    def _compile(self, connection) -> _Compiled:
        meta = self.model._meta
        table = _table(connection, self.model)

        def column(name: str) -> str:
            return f"{table}.{_quoted(connection, meta.get_field(name))}"

        conditions = [f"{column(name)} = %s" for name in self.by]
        fields = [(name, meta.get_field(name)) for name in self.by]
        for value_name, alternatives in self.any_of.items():
            conditions.append("(" + " OR ".join(f"{column(name)} = %s" for name in alternatives) + ")")
            fields += [(value_name, meta.get_field(name)) for name in alternatives]
        # Fixed values are written into the SQL, not passed as parameters: SQLite uses a partial index only
        # when the query repeats its condition (`NOT (status = 'closed')`); with a parameter there it plans
        # the statement again at every call, which took five times as long as running it.
        conditions += [
            f"NOT ({column(name)} = {_literal(meta.get_field(name).get_db_prep_value(value, connection))})"
            for name, value in self.excluding.items()
        ]
        where = " AND ".join(conditions)
        columns = tuple(meta.concrete_fields)
        converters = []
        for field in columns:
            col = field.get_col(meta.db_table)  # a foreign key's reads as its target's (a UUID)
            converting = (*connection.ops.get_db_converters(col), *col.get_db_converters(connection))
            converters.append((col, converting))
        every_column = ", ".join(column(field.name) for field in columns)
        return _Compiled(
            select=f"SELECT {every_column} FROM {table} WHERE {where} LIMIT 1",  # noqa: S608
            select_pks=f"SELECT {column(meta.pk.name)} FROM {table} WHERE {where} LIMIT %s",  # noqa: S608
            ask=f"SELECT 1 FROM {table} WHERE {where} LIMIT 1",  # noqa: S608
            fields=tuple(fields),
            attnames=tuple(field.attname for field in columns),
            converters=tuple(converters),
        )

    def _params(self, connection, compiled: _Compiled, values: Mapping[str, Any]) -> list:
        if values.keys() != self.names:
            raise TypeError(f"This {self.model.__name__} lookup takes {', '.join(sorted(self.names))}")
        params = []
        for name, field in compiled.fields:
            value = values[name]
            if isinstance(value, models.Model):
                value = value.pk
            params.append(field.get_db_prep_value(value, connection))
        return params

    @staticmethod
    def _converted(connection, value, col: Col, converting: tuple):
        for converter in converting:
            value = converter(value, col, connection)
        return value

    def first(self, *, using: str = "default", **values):
        connection = connections[using]
        compiled = self._compiled(connection)
        with connection.cursor() as cursor:
            cursor.execute(compiled.select, self._params(connection, compiled, values))
            row = cursor.fetchone()
        if row is None:
            return None
        converted = [
            self._converted(connection, value, col, converting)
            for value, (col, converting) in zip(row, compiled.converters, strict=True)
        ]
        return self.model.from_db(using, compiled.attnames, converted)

    def pks(self, *, limit: int, using: str = "default", **values) -> list:
        connection = connections[using]
        compiled = self._compiled(connection)
        pk_index = compiled.attnames.index(self.model._meta.pk.attname)
        col, converting = compiled.converters[pk_index]
        with connection.cursor() as cursor:
            cursor.execute(compiled.select_pks, [*self._params(connection, compiled, values), limit])
            return [self._converted(connection, pk, col, converting) for (pk,) in cursor.fetchall()]

    def exists(self, *, using: str = "default", **values) -> bool:
        connection = connections[using]
        compiled = self._compiled(connection)
        with connection.cursor() as cursor:
            cursor.execute(compiled.ask, self._params(connection, compiled, values))
            return cursor.fetchone() is not None
