"""An index for the API's statement order: newest said first (unknown days last), then article and offset.

Written per database because PostgreSQL needs "NULLS LAST" to serve the
order and SQLite does not accept it in an index (its DESC already puts NULLs last).
"""
from django.db import migrations

COLUMNS = {
    "postgresql": "stated_on DESC NULLS LAST, article_id DESC, start, id",
    "sqlite": "stated_on DESC, article_id DESC, start, id",
}


def create(apps, schema_editor):
    columns = COLUMNS.get(schema_editor.connection.vendor)
    if columns:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS statement_said_order ON positions_statement ({columns})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in COLUMNS:
        schema_editor.execute("DROP INDEX IF EXISTS statement_said_order")


class Migration(migrations.Migration):
    dependencies = [("positions", "0003_link_seq")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
