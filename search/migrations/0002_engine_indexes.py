"""The database's own full-text machinery for the search tables, per vendor.

PostgreSQL: pg_trgm (did_you_mean), GIN indexes on the entries' tsvectors and a
trigram index on the words. SQLite: an FTS5 table (Porter stemmer) over the
entries, kept in step by triggers, so every write to an entry updates it.
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)",
    "CREATE INDEX search_entry_head_gin ON search_searchentry USING gin (head)",
    "CREATE INDEX search_entry_title_gin ON search_searchentry USING gin (title_vector)",
    "CREATE INDEX search_word_trigram_gin ON search_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "DROP INDEX IF EXISTS search_entry_head_gin",
    "DROP INDEX IF EXISTS search_entry_title_gin",
    "DROP INDEX IF EXISTS search_word_trigram_gin",
]
COLUMNS = "title, summary, keywords, body"
NEW = "new.title, new.summary, new.keywords, new.body"
OLD = "old.title, old.summary, old.keywords, old.body"
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    f"{COLUMNS}, content='search_searchentry', content_rowid='page_id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW}); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', old.page_id, {OLD}); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', old.page_id, {OLD}); "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW}); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries_and_words")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO}),
        )
    ]
