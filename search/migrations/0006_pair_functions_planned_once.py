"""PostgreSQL: the word-pair functions planned once per connection, and the entries' text compressed with lz4.

The functions of migration 0004 were written in SQL. PostgreSQL plans a SQL
function's body again at every call it cannot inline (these hold sub-selects), so
each phrase search planned three of them, and each entry written planned
search_word_pairs in its trigger: a quarter of a phrase search's database time
(docs/benchmarks.md). In PL/pgSQL the same statements are planned once per
connection. What they return does not change (search/tests/test_tiers.py).

The body, the body's vector and its pairs are read out of line for every result
and every ranked body candidate. lz4 unpacks them several times faster than
PostgreSQL's own pglz. Values written from now on use it; `rebuild_search_index`
writes the existing ones again. A server built without lz4 keeps pglz.
"""

from django.db import migrations

FUNCTIONS = {
    "search_word_pairs(v tsvector) RETURNS tsvector": """
        RETURN (
            SELECT array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme))
            FROM (SELECT lexeme, unnest(positions) AS at FROM unnest(v)) a
            JOIN (SELECT lexeme, unnest(positions) AS at FROM unnest(v)) b ON b.at = a.at + 1
        );""",
    "search_all_of(lexemes text[]) RETURNS tsquery": r"""
        RETURN (
            SELECT string_agg(
                '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''', ' & ' ORDER BY lexeme
            )::tsquery
            FROM (SELECT DISTINCT lexeme FROM unnest(lexemes) AS lexeme) x
        );""",
    "search_pairs_query(config regconfig, phrases text[]) RETURNS tsquery": """
        RETURN search_all_of(ARRAY(
            SELECT unnest(tsvector_to_array(search_word_pairs(to_tsvector(config, phrase))))
            FROM unnest(phrases) AS phrase
        ));""",
    "search_pairs_alone(config regconfig, phrases text[]) RETURNS tsquery": """
        RETURN search_all_of(ARRAY(
            SELECT t.lexeme FROM unnest(phrases) AS phrase, unnest(to_tsvector(config, phrase)) AS t
            WHERE length(to_tsvector(config, phrase)) = 1 AND cardinality(t.positions) = 1
        ));""",
    "search_pairs_exact(config regconfig, phrases text[]) RETURNS boolean": """
        RETURN (
            SELECT coalesce(bool_and(exact), true) FROM (
                SELECT count(p.at) <= 1 OR (count(p.at) = 2 AND max(p.at) - min(p.at) = 1) AS exact
                FROM unnest(phrases) WITH ORDINALITY AS phrase(text, n)
                LEFT JOIN LATERAL (
                    SELECT unnest(positions) AS at FROM unnest(to_tsvector(config, phrase.text))
                ) p ON true
                GROUP BY phrase.n
            ) x
        );""",
}
COMPRESSED = ("body", "document", "word_pairs")


def _plpgsql(signature: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {signature} LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $$ BEGIN {body} END $$"
    )


def _sql(signature: str, body: str) -> str:
    """The function as migration 0004 wrote it: the same statement, in SQL."""
    statement = body.strip().removeprefix("RETURN").strip().removesuffix(";")
    if statement.startswith("(") and statement.endswith(")"):
        statement = statement[1:-1]
    else:
        statement = f"SELECT {statement}"
    return f"CREATE OR REPLACE FUNCTION {signature} LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ {statement} $$"


def _has_lz4(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return bool(row and row[0])


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for signature, body in FUNCTIONS.items():
        schema_editor.execute(_plpgsql(signature, body))
    if _has_lz4(schema_editor):
        columns = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION lz4" for column in COMPRESSED)
        schema_editor.execute(f"ALTER TABLE search_searchentry {columns}")


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for signature, body in FUNCTIONS.items():
        schema_editor.execute(_sql(signature, body))
    columns = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION default" for column in COMPRESSED)
    schema_editor.execute(f"ALTER TABLE search_searchentry {columns}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_vocabulary_updated_in_place")]

    operations = [migrations.RunPython(_forwards, _backwards)]
