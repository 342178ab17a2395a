"""PostgreSQL: the word-pair functions planned once per connection, and the entries' text compressed with lz4.

The functions of migration 0004 were written in SQL. PostgreSQL plans a SQL
function's body again at every call it cannot inline (these hold sub-selects), so
each phrase search planned three of them, and each entry written planned
search_word_pairs in its trigger: a quarter of a phrase search's database time
(docs/benchmarks.md). In PL/pgSQL the same statements are planned once per
connection. Each is built from migration 0004's own statement, so what they return
does not change (search/tests/test_tiers.py compares them).

The body, the body's vector and its pairs are read out of line for every result
and every ranked body candidate. lz4 unpacks them several times faster than
PostgreSQL's own pglz. Values written from now on use it; `rebuild_search_index`
writes the existing ones again. A server built without lz4 keeps pglz.
"""

import re
from importlib import import_module

from django.db import migrations

# Migration 0004's functions, as it wrote them (its trigger function is PL/pgSQL already).
WRITTEN = [
    statement
    for statement in import_module("search.migrations.0004_word_pairs").POSTGRES
    if statement.startswith("CREATE FUNCTION search_") and "RETURNS trigger" not in statement
]
_SQL_FUNCTION = re.compile(
    r"CREATE FUNCTION (?P<signature>.+?)\s+LANGUAGE sql (?P<attributes>[A-Z ]+?) "
    r"AS \$\$(?P<statement>.+)\$\$",
    re.DOTALL,
)
COMPRESSED = ("body", "document", "word_pairs")


def _plpgsql(written: str) -> str:
    """The same function in PL/pgSQL: its one statement, returned."""
    parts = _SQL_FUNCTION.fullmatch(written.strip())
    return (
        f"CREATE OR REPLACE FUNCTION {parts['signature']} LANGUAGE plpgsql {parts['attributes']} "
        f"AS $$ BEGIN RETURN ({parts['statement'].strip()}); END $$"
    )


def _sql(written: str) -> str:
    return written.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def _has_lz4(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        setting = "default_toast_compression"
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = %s", [setting])
        row = cursor.fetchone()
    return bool(row and row[0])


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for written in WRITTEN:
        schema_editor.execute(_plpgsql(written))
    if _has_lz4(schema_editor):
        columns = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION lz4" for column in COMPRESSED)
        schema_editor.execute(f"ALTER TABLE search_searchentry {columns}")


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for written in WRITTEN:
        schema_editor.execute(_sql(written))
    columns = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION default" for column in COMPRESSED)
    schema_editor.execute(f"ALTER TABLE search_searchentry {columns}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_vocabulary_updated_in_place")]

    operations = [migrations.RunPython(_forwards, _backwards)]
