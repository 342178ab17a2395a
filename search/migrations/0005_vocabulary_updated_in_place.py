"""PostgreSQL: the vocabulary's page counts updated in place (HOT), without touching its indexes.

Every entry written moves the page count of each word it adds or drops: publishing
a new page updates a few hundred rows of search_searchword, a batch of the seed tens
of thousands. With full pages (fillfactor 100) each update wrote a new row version
on another page, and so new keys in all three indexes, the trigram GIN index's
eight or so per word. With room left on each page, the new version stays on its
page and no index changes (a heap-only tuple): the count is not indexed. Upserting
21,360 words took about 1 s with full pages and 0.1 s with half-full ones
(docs/search.md). The table is rewritten so that the pages already there get that
room too.
"""

from django.db import migrations

FILLFACTOR = 50


def _set(fillfactor: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE search_searchword SET (fillfactor = {fillfactor})")
            schema_editor.execute("CLUSTER search_searchword USING search_searchword_pkey")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_word_pairs")]

    operations = [migrations.RunPython(_set(FILLFACTOR), _set(100))]
