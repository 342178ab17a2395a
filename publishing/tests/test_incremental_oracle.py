"""The incremental export's oracle: after any sequence of real changes, the build it brings up to
date is byte for byte the build a full export writes of the same content.

Every rule of the delivery store's oracle (publish, retitle, re-slug, unpublish, move,
delete, restrict, link, relate, edit images, people, collections, site settings, add
pages) plus menus, site settings and redirects. After each step one build is brought up
to date incrementally and another is exported from scratch (--full); the two folders,
manifest and export state included, must hold the same files with the same bytes.
INCREMENTAL_ORACLE_EXAMPLES / _STEPS raise the effort; ORACLE_RANDOM=1 draws new sequences.
"""

import itertools
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from content.models import SiteSettings
from content.tests.test_delivery_oracle import DeliveryStore
from publishing.export import export_site

EXAMPLES = int(os.environ.get("INCREMENTAL_ORACLE_EXAMPLES", "4"))
STEPS = int(os.environ.get("INCREMENTAL_ORACLE_STEPS", "10"))
RANDOM = os.environ.get("ORACLE_RANDOM") == "1"
_names = itertools.count()


def tree(root: Path) -> dict[str, bytes]:
    files = (path for path in root.rglob("*") if path.is_file())
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in files}


class IncrementalExport(DeliveryStore):
    """The delivery store's rules; the invariant compares an incremental build with a full one."""

    def __init__(self):
        super().__init__()
        self.folder = tempfile.TemporaryDirectory(prefix="incremental-oracle-")
        self.incremental = Path(self.folder.name) / "incremental"
        self.full = Path(self.folder.name) / "full"
        export_site(self.incremental, workers=1, full=True)

    def teardown(self):
        self.folder.cleanup()
        super().teardown()

    @rule(data=st.data())
    def toggle_menu(self, data):
        page = self.pick(data, Page.objects.live().filter(depth=3))
        if page is not None:
            page.show_in_menus = not page.show_in_menus
            page.save_revision().publish()

    @rule()
    def edit_site_settings(self):
        settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings_row.tagline = f"Tagline {next(_names)}"
        settings_row.save()

    @rule(data=st.data())
    def add_redirect(self, data):
        target = self.pick(data, Page.objects.filter(depth__gt=2))
        if target is not None:
            Redirect.objects.create(old_path=f"/old-{next(_names)}", redirect_page=target)

    @rule(data=st.data())
    def remove_redirect(self, data):
        redirects = list(Redirect.objects.order_by("pk"))
        if redirects:
            data.draw(st.sampled_from(redirects)).delete()

    # Replaces the delivery store's invariants (a method of the same name is no longer one).
    def served_documents_are_what_the_serializer_computes_now(self):
        pass

    def nothing_private_is_served(self):
        pass

    @invariant()
    def the_incremental_build_is_the_full_build(self):
        self.steps += 1
        summary = export_site(self.incremental, workers=1)
        assert summary.incremental, f"not incremental after {self.steps}: {summary.full_reason}"
        export_site(self.full, workers=1, full=True)
        incremental, full = tree(self.incremental), tree(self.full)
        assert incremental.keys() == full.keys(), (
            f"after {self.steps}: only incremental {sorted(incremental.keys() - full.keys())[:5]}, "
            f"only full {sorted(full.keys() - incremental.keys())[:5]}"
        )
        differ = sorted(path for path in full if incremental[path] != full[path])
        assert not differ, f"after {self.steps}: {len(differ)} files differ, e.g. {differ[:5]}"


@pytest.mark.django_db
def test_an_incremental_export_writes_what_a_full_export_writes(demo_site, settings, monkeypatch):
    monkeypatch.setattr("publishing.search_shards.SHARD_SIZE", 6)  # a search index in several bundles
    settings.PUBLIC_BASE_URL = "https://www.example.com"
    settings.INDEX_PAGE_SIZE = 2  # so that indexes have later listing pages that shift
    settings.API_RESPONSE_CACHE_SECONDS = 0
    run_state_machine_as_test(
        IncrementalExport,
        settings=settings_for_hypothesis(),
    )


def settings_for_hypothesis():
    return hypothesis_settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        derandomize=not RANDOM,
    )
