"""The incremental export: what it renders again, and when it falls back to a full build (and says so)."""

import json
import os

import pytest
from django.core.management import call_command
from wagtail.models import Page

from content.delivery.models import DocumentChange
from content.models import ArticlePage, IndexPage, SiteSettings
from publishing.bucket import PublishError, Target
from publishing.export import export_site
from publishing.export_state import STATE_NAME
from publishing.listings import export_listing, with_cards
from publishing.publish import publish_release

from .test_export import files_under


@pytest.fixture
def built(export, tmp_path):
    """A full build in tmp_path/site; returns its folder."""
    return export(tmp_path / "site")


def edit_summary(slug: str) -> ArticlePage:
    article = ArticlePage.objects.get(slug=slug)
    article.summary = "A summary nobody had read before"
    article.save_revision().publish()
    return article


def test_an_edit_renders_the_page_and_its_index_again_and_nothing_else(
    built, export, django_assert_max_num_queries
):
    before = {path: file.read_bytes() for path, file in files_under(built).items()}
    article = edit_summary("autumn-release")
    seq = json.loads((built / STATE_NAME).read_text())["seq"]
    # Settling documents, the feed, the chunks, the site's own files: never a query per page kept.
    with django_assert_max_num_queries(120):
        summary = export_site(built, workers=1)
    assert summary.incremental and summary.full_reason == ""
    # The article, the pages whose documents show it (the feed says which), and its index.
    named = set(DocumentChange.objects.filter(seq__gt=seq).values_list("page_id", flat=True))
    assert article.pk in named and len(named) < 6
    assert summary.pages == len(named | {article.get_parent().pk})
    assert summary.carried_over == Page.objects.live().public().filter(depth__gt=1).count() - summary.pages
    after = files_under(built)
    changed = {path for path, file in after.items() if before.get(path) != file.read_bytes()}
    assert {
        "news/autumn-release/index.html",
        "api/pages/news/autumn-release.json",
        "news/index.html",
    } <= changed
    assert not [path for path in changed if path.startswith("guides/")]
    assert "A summary nobody had read before" in (built / "news/index.html").read_text()
    assert article.pk


def test_a_site_settings_change_renders_every_page_again(built):
    settings_row = SiteSettings.objects.get()
    settings_row.tagline = "A tagline on every page"
    settings_row.save()
    summary = export_site(built, workers=1)
    assert summary.incremental
    assert summary.pages == Page.objects.live().public().filter(depth__gt=1).count()
    assert "A tagline on every page" in (built / "guides/style-guide/index.html").read_text()


def test_a_moved_or_deleted_page_leaves_no_file_behind(built):
    article = ArticlePage.objects.get(slug="autumn-release")
    article.move(IndexPage.objects.get(slug="guides"), pos="last-child")
    ArticlePage.objects.get(slug="style-guide").delete()
    export_site(built, workers=1)
    files = files_under(built)
    assert "guides/autumn-release/index.html" in files
    left = [path for path in files if "news/autumn-release" in path or "style-guide" in path]
    # Wagtail made a redirect from the old path when the page moved: that is all that is left.
    assert left == ["news/autumn-release/index.html"]
    assert 'http-equiv="refresh"' in files[left[0]].read_text()


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda site: (site / "manifest.json").unlink(), "has no manifest.json"),
        (lambda site: (site / STATE_NAME).write_text("{not json"), "unreadable"),
        (lambda site: (site / "stray.html").write_text("?"), "not in its manifest"),
        (lambda site: (site / "news/index.html").unlink(), "missing from the previous build"),
        # A kept page the search index reads while the folder is still being checked.
        (lambda site: (site / "guides/style-guide/index.html").unlink(), "missing from the previous build"),
        (
            lambda site: (site / "manifest.json").write_text('{"version": 1, "files": {}}'),
            "not the one its state",
        ),
        (lambda site: DocumentChange.objects.all().delete(), "the change feed no longer holds entry"),
        (lambda site: _set_seq(site, 10**9), "ahead of the change feed"),
    ],
)
def test_a_damaged_previous_build_means_a_full_build_with_a_line_saying_so(
    built, damage, reason, capsys, caplog
):
    damage(built)
    edit_summary("autumn-release")
    call_command("export_site", "--output", str(built), "--workers", "1")
    out = capsys.readouterr().out
    assert "Full export: " in out and reason in out
    assert any(reason in record.getMessage() for record in caplog.records)
    # Never a partial site: everything is there, and the next run is incremental again.
    assert (built / "guides/style-guide/index.html").exists() and (built / "manifest.json").exists()
    assert export_site(built, workers=1).incremental


def _set_seq(site, seq: int) -> None:
    state = json.loads((site / STATE_NAME).read_text())
    (site / STATE_NAME).write_text(json.dumps({**state, "seq": seq}))


def test_new_settings_or_code_mean_a_full_build(built, settings):
    settings.INDEX_PAGE_SIZE = 2
    summary = export_site(built, workers=1)
    assert not summary.incremental
    assert summary.full_reason == "code, templates, settings or sites changed since the previous build"


def test_a_pruned_feed_means_a_full_build(built):
    state = json.loads((built / STATE_NAME).read_text())
    DocumentChange.objects.filter(seq__lte=state["seq"]).delete()
    edit_summary("autumn-release")
    summary = export_site(built, workers=1)
    assert not summary.incremental
    assert "no longer holds entry" in summary.full_reason


def test_full_renders_everything(built, capsys):
    call_command("export_site", "--output", str(built), "--workers", "1", "--full")
    assert "Full export: --full was asked for" in capsys.readouterr().out


def test_an_incremental_export_never_changes_the_previous_build_it_links_to(built, tmp_path):
    """Files are hard links into the previous build: writing through one would change both."""
    keep = tmp_path / "kept-index.html"
    keep.hardlink_to(built / "news/index.html")
    old = keep.read_bytes()
    edit_summary("autumn-release")
    export_site(built, workers=1)
    assert keep.read_bytes() == old
    assert (built / "news/index.html").read_bytes() != old


def test_an_update_stopped_half_way_is_refused_by_publish_and_then_built_in_full(built, export, monkeypatch):
    """The previous build is updated in place: its manifest goes first and comes back last."""
    edit_summary("autumn-release")
    real_replace, moved = os.replace, []

    def fail_after_one(source, target):
        if moved:
            raise OSError(28, "No space left on device")
        moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr("publishing.build.os.replace", fail_after_one)
    with pytest.raises(OSError, match="No space left"):
        export_site(built, workers=1)
    monkeypatch.undo()
    assert moved and not (built / "manifest.json").exists()
    with pytest.raises(PublishError, match="holds no readable build"):
        publish_release(built, Target(bucket="never-reached", endpoint_url="http://127.0.0.1:9"))
    summary = export_site(built, workers=1)
    assert not summary.incremental and "has no manifest.json" in summary.full_reason
    fresh = export(built.parent / "fresh", full=True)
    assert _contents(built) == _contents(fresh)


def test_a_deleted_page_leaves_no_empty_folder(built):
    ArticlePage.objects.get(slug="style-guide").delete()
    assert export_site(built, workers=1).incremental
    assert not (built / "guides/style-guide").exists()
    assert not (built / "api/pages/guides/style-guide.json").exists()
    assert not [folder for folder in built.rglob("*") if folder.is_dir() and not any(folder.iterdir())]


def test_an_index_loads_the_cards_of_its_first_listing_page_only(demo_site, settings):
    """The later pages' cards are loaded only for the listing pages an export renders."""
    settings.INDEX_PAGE_SIZE = 2
    news = IndexPage.objects.get(slug="news")
    listing = export_listing(news)
    assert len(listing) > 2
    assert all(isinstance(child, ArticlePage | Page) for child in listing[0].object_list)
    assert all(isinstance(child, int) for page in listing[1:] for child in page.object_list)
    later = with_cards(news, listing[1:2])[0]
    assert [child.pk for child in later.object_list] == list(listing[1].object_list)
    assert later.paginator.count == listing[0].paginator.count


def _contents(root) -> dict[str, bytes]:
    return {path: file.read_bytes() for path, file in files_under(root).items()}
