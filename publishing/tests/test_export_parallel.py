"""Rendering across worker processes gives the same build as rendering in one."""

import pytest
from django.db import connection

from publishing.export import export_site


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="worker processes cannot share an in-memory test database"
)
def test_two_worker_processes_write_the_same_build_as_one(demo_site, tmp_path, settings):
    """The workers read the committed demo data over connections of their own; the test's stays usable."""
    settings.PUBLIC_BASE_URL = "https://www.example.com"
    settings.INDEX_PAGE_SIZE = 3
    serial = export_site(tmp_path / "one", workers=1)
    parallel = export_site(tmp_path / "two", workers=2)
    assert (serial.workers, parallel.workers) == (1, 2)
    assert parallel.pages == serial.pages > 20
    one = {
        path.relative_to(tmp_path / "one"): path.read_bytes()
        for path in (tmp_path / "one").rglob("*")
        if path.is_file()
    }
    two = {
        path.relative_to(tmp_path / "two"): path.read_bytes()
        for path in (tmp_path / "two").rglob("*")
        if path.is_file()
    }
    assert one == two
    assert demo_site.root_page.get_children().exists()  # this process's connection still works
