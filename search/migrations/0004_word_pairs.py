"""PostgreSQL: each entry's word pairs, so a two-word phrase is found from an index alone.

`word_pairs` holds every pair of lexemes at adjacent positions in the entry's
`document` ("water book"), as a tsvector without positions. A trigger writes it
whenever `document` is written, in the same row version, so it can never be
behind. A phrase of two words at adjacent positions then matches a page exactly
when the page's pairs hold it: the GIN index answers, with no positions read
from the TOASTed body vector (search/postgres.py). Only pairs, not the single
lexemes that `document`'s index already has: about 260 keys a page instead of
680, and each write of an entry pays for its keys. SQLite's FTS5 answers
phrases itself; there the column stays NULL.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

POSTGRES = [
    # Each pair of lexemes at positions p and p + 1 of a vector, as one lexeme "a b" (NULL if none).
    """CREATE FUNCTION search_word_pairs(v tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme))
        FROM (SELECT lexeme, unnest(positions) AS at FROM unnest(v)) a
        JOIN (SELECT lexeme, unnest(positions) AS at FROM unnest(v)) b ON b.at = a.at + 1
    $$""",
    # The tsquery that every one of these lexemes is in a vector (NULL for none); each is quoted
    # whole, so "water book" stays one lexeme.
    """CREATE FUNCTION search_all_of(lexemes text[]) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT string_agg(
            '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' & ' ORDER BY lexeme
        )::tsquery
        FROM (SELECT DISTINCT lexeme FROM unnest(lexemes) AS lexeme) x
    $$""",
    # The tsquery of every adjacent pair of each phrase (NULL if none): what a page matching every
    # phrase must hold in its word_pairs. Phrases apart, so no pair spans two.
    """CREATE FUNCTION search_pairs_query(config regconfig, phrases text[]) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT search_all_of(ARRAY(
            SELECT unnest(tsvector_to_array(search_word_pairs(to_tsvector(config, phrase))))
            FROM unnest(phrases) AS phrase
        ))
    $$""",
    # The tsquery of the lexemes of each one-lexeme phrase (NULL if none): what the pairs leave to
    # check, when every phrase is paired.
    """CREATE FUNCTION search_pairs_alone(config regconfig, phrases text[]) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT search_all_of(ARRAY(
            SELECT t.lexeme FROM unnest(phrases) AS phrase, unnest(to_tsvector(config, phrase)) AS t
            WHERE length(to_tsvector(config, phrase)) = 1 AND cardinality(t.positions) = 1
        ))
    $$""",
    # Whether those pairs say all that the phrases say: each phrase has at most two positions, and two
    # only when adjacent (no stop word between them). Then a page holds the pairs and the lone
    # lexemes exactly when it matches every phrase.
    """CREATE FUNCTION search_pairs_exact(config regconfig, phrases text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(bool_and(exact), true) FROM (
            SELECT count(p.at) <= 1 OR (count(p.at) = 2 AND max(p.at) - min(p.at) = 1) AS exact
            FROM unnest(phrases) WITH ORDINALITY AS phrase(text, n)
            LEFT JOIN LATERAL (
                SELECT unnest(positions) AS at FROM unnest(to_tsvector(config, phrase.text))
            ) p ON true
            GROUP BY phrase.n
        ) x
    $$""",
    """CREATE FUNCTION search_entry_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.word_pairs := search_word_pairs(NEW.document);
        RETURN NEW;
    END
    $$""",
    "CREATE TRIGGER search_entry_pairs BEFORE INSERT OR UPDATE OF document ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_entry_pairs()",
    "UPDATE search_searchentry SET word_pairs = search_word_pairs(document) WHERE document IS NOT NULL",
    "CREATE INDEX search_entry_pairs_gin ON search_searchentry USING gin (word_pairs) WITH (fastupdate = off)",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS search_entry_pairs_gin",
    "DROP TRIGGER IF EXISTS search_entry_pairs ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_pairs()",
    "DROP FUNCTION IF EXISTS search_pairs_exact(regconfig, text[])",
    "DROP FUNCTION IF EXISTS search_pairs_alone(regconfig, text[])",
    "DROP FUNCTION IF EXISTS search_pairs_query(regconfig, text[])",
    "DROP FUNCTION IF EXISTS search_all_of(text[])",
    "DROP FUNCTION IF EXISTS search_word_pairs(tsvector)",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_gin_without_pending_lists")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="word_pairs",
            field=SearchVectorField(null=True),
        ),
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_UNDO)),
    ]
