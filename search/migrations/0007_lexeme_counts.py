"""PostgreSQL: how many entries hold each lexeme (search/lexemes.py), filled from the entries there are.

Its pages are kept half full, as the vocabulary's (migration 0005): moving a count is then
an update in place. Empty on SQLite.
"""

from django.db import migrations, models

FILLFACTOR = 50


def _fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE search_searchlexeme SET (fillfactor = {FILLFACTOR})")
        schema_editor.execute(
            "INSERT INTO search_searchlexeme (lexeme, pages) "
            "SELECT word, ndoc FROM ts_stat('SELECT document FROM search_searchentry WHERE document IS NOT NULL')"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_pair_functions_planned_once")]

    operations = [
        migrations.CreateModel(
            name="SearchLexeme",
            fields=[
                ("lexeme", models.TextField(primary_key=True, serialize=False)),
                ("pages", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
