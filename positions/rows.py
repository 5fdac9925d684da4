"""Rows inserted in plain SQL, for the writes made for every article the pipeline stores.

The rows go as one JSON parameter, so the statement's text is the same for any number of rows:
the database driver (psycopg, binding on the client) parses a statement once and keeps it, but
parses every time, in Python, one of more than 50 parameters — which cost more than the insert.
"""
from __future__ import annotations

import json

from django.db import connection


def insert_rows(model, rows: list[dict], *, columns=None, returning_ids: bool = False) -> list[int]:
    """Insert rows (column → value, every row the same columns, every column the model needs written out:
    no model default applies) in one statement. With `returning_ids`, the new ids in the rows' order. With
    `columns`, the statement runs even for no rows (for a caller whose query count must not depend on what
    changed).

    Dates and times go as their ISO text, which both databases read back as the column's type; a list or a
    dict goes as JSON, for a JSON column.
    """
    columns = list(columns or (rows[0] if rows else ()))
    if not columns:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    if connection.vendor == "postgresql":  # the table's own row type gives each value its column's type
        source = f"SELECT {names} FROM json_populate_recordset(NULL::{table}, %s)"
    else:
        values = ", ".join(f"json_extract(value, '$.{column}')" for column in columns)
        source = f"SELECT {values} FROM json_each(%s)"
    returning = " RETURNING id" if returning_ids else ""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {source}{returning}", [json.dumps(rows, default=str)])
        # Rows are inserted in the array's order, and each takes the next id: sorted ids are in the rows' order.
        return sorted(pk for pk, in cursor.fetchall()) if returning_ids else []
