"""An index on Wagtail's page url_path: the API's find/ (and the store's one-query read by path)
looks pages up by it, and without one every lookup scans the page table.

A hash index on PostgreSQL: equality is all that is asked, and a btree entry is
limited to about 2.7 kB, which a deep page's url_path may exceed.
"""

from django.db import migrations

NAME = "content_page_url_path"


def create(apps, schema_editor):
    using = " USING hash" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page{using} (url_path)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0007_change_feed"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop)]
