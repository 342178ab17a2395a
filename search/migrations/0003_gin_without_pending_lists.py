"""The search indexes written straight into their GIN trees, never into a pending list.

With fastupdate (PostgreSQL's default) new entries wait in a pending list until a
vacuum or 4 MB of them, and every search reads that list in full: after a seed
or a busy day of publishing, a third of a search's time. Searches far outnumber
publishes, so each write now pays for its own index update; the lists already
there are emptied.
"""

from django.db import migrations

INDEXES = ("search_entry_document_gin", "search_entry_head_gin", "search_entry_title_gin", "search_word_trigram_gin")


def _set(fastupdate: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = {fastupdate})")
            if fastupdate == "off":
                schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_indexes")]

    operations = [migrations.RunPython(_set("off"), _set("on"))]
