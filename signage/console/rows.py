"""Rows read and written without the ORM's query building, for the requests thousands
of screens make: a screen found by its token (a heartbeat, a settings poll), a heartbeat
inserted, a screen's row updated (its display counts added, ``reports.counts``), the
writes as one statement where the database allows it.

Building a query through the ORM costs more than running it: 0.2 ms for the screen's
lookup where the statement takes 0.02 ms, 0.4 ms for the insert and update (measured,
SQLite), a fifth of a heartbeat, thousands a minute. Values still go through each
field's own preparation (``get_db_prep_save``) and results through the converters the
ORM applies, so a datetime, a boolean or a JSON value is stored and read back exactly as
``QuerySet`` would, on SQLite as on PostgreSQL; names are quoted by the backend and every
value is a parameter. No signal is sent (none listens to these rows' hot path: a
heartbeat changes nothing a screen is told).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.db import connection, models, transaction

M = TypeVar("M", bound=models.Model)


Statement = tuple[str, list[Any]]


def fetch_one(
    model: type[M], names: list[str], also: Sequence[Statement] = (), **where: Any
) -> tuple[M, tuple[Any, ...]] | None:
    """The row of ``model`` matching ``where`` (field = value, None for IS NULL), with
    only ``names`` loaded (the others deferred, as ``only`` does), and the values of the
    expressions ``also`` (subqueries that may name the row's table) as read; None if no
    row matches."""
    meta = model._meta
    # In the model's order, whatever the order of ``names``: ``from_db`` reads them so.
    order = {field.name: number for number, field in enumerate(meta.concrete_fields)}
    fields = [meta.get_field(name) for name in sorted(names, key=order.__getitem__)]
    conditions, params = _conditions(model, where)
    quote = connection.ops.quote_name
    columns = ", ".join([*(quote(field.column) for field in fields), *(sql for sql, _ in also)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {conditions}",
            [*(value for _, values in also for value in values), *params],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    values = [_converted(field, value) for field, value in zip(fields, row, strict=False)]
    attnames = [field.attname for field in fields]
    return model.from_db(connection.alias, attnames, values), tuple(row[len(fields) :])


def insert(model: type[models.Model], values: Mapping[str, Any]) -> Statement:
    """The statement adding one row of ``model`` with ``values`` (field name → value; a
    foreign key by its primary key)."""
    fields = [model._meta.get_field(name) for name in values]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    params = [_prepared(field, value) for field, value in zip(fields, values.values(), strict=True)]
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", params


def update(model: type[models.Model], pk: Any, values: Mapping[str, Any]) -> Statement:
    """The statement setting ``values`` on the row of ``model`` whose key is ``pk``."""
    meta = model._meta
    fields = [meta.get_field(name) for name in values]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    params = [_prepared(field, value) for field, value in zip(fields, values.values(), strict=True)]
    where = f"{quote(meta.pk.column)} = %s"
    return f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {where}", [
        *params,
        _prepared(meta.pk, pk),
    ]


def run_together(statements: list[Statement]) -> None:
    """``statements`` (inserts, updates, upserts; none reading another's rows) run as one
    transaction. PostgreSQL runs them as one statement (the first ones as data-modifying
    ``WITH`` queries): a round trip instead of one per statement plus ``BEGIN`` and
    ``COMMIT``, 0.5 ms of a heartbeat's client work; SQLite, which has no such ``WITH``,
    in ``atomic``."""
    if not statements:
        return
    if connection.vendor == "postgresql" and len(statements) > 1:
        *first, last = statements
        heads = ", ".join(f"done_{number} AS ({sql})" for number, (sql, _) in enumerate(first))
        params = [value for _, values in statements for value in values]
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {heads} {last[0]}", params)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def _conditions(model: type[models.Model], where: Mapping[str, Any]) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    parts, params = [], []
    for name, value in where.items():
        field = model._meta.get_field(name)
        column = quote(field.column)
        if value is None:
            parts.append(f"{column} IS NULL")
        else:
            parts.append(f"{column} = %s")
            params.append(_prepared(field, value))
    return " AND ".join(parts), params


def _prepared(field: Any, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def _converted(field: Any, value: Any) -> Any:
    """``value`` as read from the database, turned into what the ORM gives (an aware
    datetime from SQLite's text, a decoded JSON value…)."""
    column = field.get_col(field.model._meta.db_table)
    for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
        value = convert(value, column, connection)
    return value
