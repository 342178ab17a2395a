"""Publishing a build to an S3 bucket on a moto server, over HTTP, through a proxy that can fail uploads."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from content.models import ArticlePage
from publishing.manifest import parse_manifest
from search.static_index import CONTENT_HASHED

PREFIX = "www/"


def is_hashed_search_file(path: str) -> bool:
    return bool(CONTENT_HASHED.search(path.removeprefix("pagefind/"))) and path.startswith("pagefind/")


@pytest.fixture
def publish(demo_site, tmp_path, bucket, settings, capsys):
    """Export and publish like CI does; returns the summary printed with --json."""
    settings.PUBLIC_BASE_URL = "https://www.example.com"

    def run(*extra: str) -> dict:
        capsys.readouterr()
        call_command(
            "export_site",
            "--output",
            str(tmp_path / "build"),
            "--workers",
            "1",
            "--publish",
            "--json",
            *extra,
        )
        return json.loads(capsys.readouterr().out)

    return run


def built(tmp_path) -> dict[str, dict]:
    return parse_manifest((tmp_path / "build/manifest.json").read_bytes())


def retitle(slug: str, title: str) -> None:
    page = ArticlePage.objects.get(slug=slug)
    page.title = title
    page.save_revision().publish()


def test_first_publish_uploads_everything_with_types_and_caching(publish, bucket, tmp_path):
    summary = publish()["publish"]
    files = built(tmp_path)
    assert summary["uploaded"] == len(files) and summary["deleted"] == 0
    assert set(bucket.objects()) == {PREFIX + path for path in files} | {PREFIX + "manifest.json"}
    page = bucket.head(PREFIX + "guides/style-guide/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"].startswith("public, max-age=60")
    css = next(path for path in files if path.startswith("static/"))
    assert bucket.head(PREFIX + css)["CacheControl"] == "public, max-age=31536000, immutable"
    assert parse_manifest(bucket.body(PREFIX + "manifest.json")) == files
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=PREFIX + "index.html")["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only: no ACL sent


def test_uploads_carry_no_checksum_trailers_that_s3_compatible_servers_refuse(publish, proxy):
    publish()
    assert proxy.faults.put_headers
    for headers in proxy.faults.put_headers:
        assert "aws-chunked" not in headers.get("content-encoding", "")
        assert not [name for name in headers if name.startswith(("x-amz-checksum", "x-amz-trailer"))]
        assert "x-amz-acl" not in headers


def test_an_acl_is_sent_when_configured(publish, bucket, settings):
    settings.EXPORT_S3_ACL = "public-read"
    publish()
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=PREFIX + "index.html")["Grants"]
    assert any(grant["Grantee"].get("URI", "").endswith("/AllUsers") for grant in grants)


def test_uploads_go_assets_first_then_pages_then_entry_files_then_manifest(publish, proxy):
    publish()
    puts = [path.split("/", 3)[-1] for method, path in proxy.faults.log if method == "PUT"]
    puts = [path for path in puts if path != ".publish-pending.json"]

    def position(path):
        if path.startswith(("static/", "media/", "documents/")) or is_hashed_search_file(path):
            return 0
        if path in ("sitemap.xml", "robots.txt", "404.html", "search/index.html"):
            return 2
        return 3 if path == "manifest.json" else 1

    order = [position(path) for path in puts]
    assert order == sorted(order)
    assert order[-1] == 3 and order.count(3) == 1


def test_publishing_again_without_changes_uploads_and_deletes_nothing(publish, bucket):
    publish()
    before = bucket.objects()
    summary = publish()["publish"]
    assert (summary["uploaded"], summary["deleted"]) == (0, 0)
    assert summary["unchanged"] > 50
    assert bucket.objects() == before


def test_a_new_title_uploads_only_the_files_whose_bytes_changed(publish, tmp_path, proxy):
    publish()
    old = built(tmp_path)
    retitle("autumn-release", "Autumn release, retitled")
    proxy.faults.log.clear()
    both = publish()
    summary = both["publish"]
    assert both["export"]["incremental"]  # only the pages the change feed names were rendered again
    new = built(tmp_path)
    changed = {path for path in new if old.get(path, {}).get("sha256") != new[path]["sha256"]}
    uploaded = {path.split("/", 3)[-1] for method, path in proxy.faults.log if method == "PUT"}
    assert uploaded - {"manifest.json", ".publish-pending.json"} == changed
    assert summary["uploaded"] == len(changed)
    assert "news/autumn-release/index.html" in changed
    pages = {path for path in changed if not path.startswith("pagefind/")}
    assert len(pages) < 15  # the article, its section listing and pages that link to it
    assert len(changed - pages) < 10  # the search index's files that hold its title


def test_unpublishing_a_page_deletes_its_keys_and_nothing_outside_the_prefix(
    publish, bucket, proxy, tmp_path
):
    bucket.put("elsewhere/keep.html", b"not ours")
    bucket.put("www-old/keep.html", b"not ours either")
    publish()
    old = built(tmp_path)
    assert PREFIX + "news/autumn-release/index.html" in bucket.objects()
    Page.objects.get(slug="autumn-release").unpublish()
    proxy.faults.log.clear()
    summary = publish()["publish"]
    keys = bucket.objects()
    assert PREFIX + "news/autumn-release/index.html" not in keys
    assert PREFIX + "api/pages/news/autumn-release.json" not in keys
    gone = old.keys() - built(tmp_path).keys()
    assert {path for path in gone if not path.startswith("pagefind/")} == {
        "news/autumn-release/index.html",
        "api/pages/news/autumn-release.json",
    }
    assert summary["deleted"] == len(gone)  # and the search index's files that no longer exist
    requests = [(method, path.split("?")[0]) for method, path in proxy.faults.log]
    manifest_put = max(
        i for i, request in enumerate(requests) if request == ("PUT", f"/{bucket.name}/www/manifest.json")
    )
    delete_post = next(i for i, request in enumerate(requests) if request[0] == "POST")
    assert manifest_put < delete_post  # the old keys go only once the new manifest is in place
    assert {"elsewhere/keep.html", "www-old/keep.html"} <= keys.keys()


def test_a_failed_upload_keeps_the_old_site_and_a_second_run_converges(
    publish, bucket, proxy, tmp_path, settings
):
    publish()
    old_manifest = bucket.body(PREFIX + "manifest.json")
    old_keys = set(bucket.objects())
    retitle("autumn-release", "Autumn release, retitled")
    Page.objects.get(slug="community-meetup").unpublish()
    proxy.faults.fail_from = 3  # the third upload and every one after it answer 500
    with pytest.raises(CommandError, match=r"uploading www/.+ failed"):
        publish()
    assert proxy.faults.failed >= 6  # each failing upload was retried before giving up
    assert bucket.body(PREFIX + "manifest.json") == old_manifest
    assert old_keys <= set(bucket.objects())

    proxy.faults.fail_from = None
    publish()
    settings.EXPORT_S3_PREFIX = "clean"
    publish()
    converged = {
        key.removeprefix(PREFIX): etag for key, etag in bucket.objects().items() if key.startswith(PREFIX)
    }
    clean = {
        key.removeprefix("clean/"): etag for key, etag in bucket.objects().items() if key.startswith("clean/")
    }
    assert converged == clean


def test_keys_a_failed_run_added_are_removed_when_their_page_is_gone(publish, bucket, proxy, demo_site):
    publish()
    news = Page.objects.get(slug="news")
    fresh = news.add_child(instance=ArticlePage(title="Fresh news", slug="fresh-news", summary="s"))
    fresh.save_revision().publish()
    proxy.faults.fail_from = 12  # some of the new page's files get through, then uploads fail
    with pytest.raises(CommandError):
        publish()
    proxy.faults.fail_from = None
    fresh.unpublish()
    publish()
    assert not [key for key in bucket.objects() if "fresh-news" in key]
    assert PREFIX + ".publish-pending.json" not in bucket.objects()


def test_a_transient_server_error_is_retried(publish, proxy, bucket, tmp_path):
    proxy.faults.fail_only = {2, 5}
    summary = publish()["publish"]
    assert proxy.faults.failed == 2
    assert summary["uploaded"] == len(built(tmp_path))


def test_dry_run_lists_changes_and_touches_nothing(publish, bucket, tmp_path, capsys, proxy):
    publish()
    Page.objects.get(slug="autumn-release").unpublish()
    before = {key: bucket.body(key) for key in bucket.objects()}
    proxy.faults.log.clear()
    call_command(
        "export_site", "--output", str(tmp_path / "build"), "--workers", "1", "--publish", "--dry-run"
    )
    out = capsys.readouterr().out
    assert "would delete news/autumn-release/index.html" in out
    assert "would upload news/index.html" in out
    assert "nothing was changed" in out
    assert not [request for request in proxy.faults.log if request[0] in ("PUT", "POST", "DELETE")]
    assert {key: bucket.body(key) for key in bucket.objects()} == before


def test_without_a_manifest_the_listing_is_compared_and_unknown_keys_stay(publish, bucket, tmp_path):
    call_command("export_site", "--output", str(tmp_path / "build"), "--workers", "1")
    bucket.put(PREFIX + "robots.txt", (tmp_path / "build/robots.txt").read_bytes())
    bucket.put(PREFIX + "legacy/old.html", b"from an earlier tool")
    summary = publish()["publish"]
    assert summary["compared_with"] == "listing"
    assert summary["uploaded"] == len(built(tmp_path)) - 1
    assert PREFIX + "legacy/old.html" in bucket.objects()


def test_a_manifest_naming_a_path_outside_the_prefix_is_refused(publish, bucket):
    bucket.put(
        PREFIX + "manifest.json", json.dumps({"version": 1, "files": {"../x": {"sha256": "0"}}}).encode()
    )
    with pytest.raises(CommandError, match="unsafe path"):
        publish()


def test_a_missing_bucket_or_setting_is_one_sentence(publish, settings):
    settings.EXPORT_S3_BUCKET = "no-such-bucket"
    with pytest.raises(CommandError, match="the bucket no-such-bucket does not exist"):
        publish()
    settings.EXPORT_S3_BUCKET = ""
    with pytest.raises(CommandError, match="EXPORT_S3_BUCKET is not set"):
        publish()


def test_a_failed_delete_is_finished_by_the_next_run(publish, bucket, proxy):
    publish()
    Page.objects.get(slug="autumn-release").unpublish()
    proxy.faults.fail_deletes = True
    with pytest.raises(CommandError):
        publish()
    assert (
        PREFIX + "news/autumn-release/index.html" in bucket.objects()
    )  # the new manifest is in, the delete not
    proxy.faults.fail_deletes = False
    publish()
    assert PREFIX + "news/autumn-release/index.html" not in bucket.objects()
    assert PREFIX + ".publish-pending.json" not in bucket.objects()


def test_a_page_reverted_after_a_failed_run_is_uploaded_again(publish, bucket, proxy):
    original = ArticlePage.objects.get(slug="autumn-release").title
    publish()
    published = bucket.body(PREFIX + "news/autumn-release/index.html")
    retitle("autumn-release", "An embargoed headline")
    proxy.faults.fail_path = "sitemap.xml"  # the pages go up, then the run fails
    with pytest.raises(CommandError):
        publish()
    assert b"An embargoed headline" in bucket.body(PREFIX + "news/autumn-release/index.html")
    proxy.faults.fail_path = None
    retitle("autumn-release", original)  # back to the bytes the old manifest lists
    publish()
    assert bucket.body(PREFIX + "news/autumn-release/index.html") == published
