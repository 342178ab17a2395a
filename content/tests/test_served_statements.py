"""How the store's one statement per request is run (content.delivery.served), and the
document bytes a process holds so that the statement need not send them again."""

import hashlib

import pytest
from django.db import connection
from wagtail.models import Page, PageViewRestriction

from content.delivery import served
from content.delivery.held import held
from content.delivery.models import PageDocument
from content.delivery.served import run_statement
from content.models import ArticlePage
from site_config.testing.plans import plan_nodes


def test_on_postgresql_the_statements_are_planned_once_per_connection(client, demo_site):
    """Django turns psycopg's preparing off; the statements still ask for it, and get it."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    article = ArticlePage.objects.live().public().first()
    for _ in range(4):  # the viewset first (it remembers the site), then the store
        assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        executions = {
            statement: runs for statement, runs in cursor.fetchall() if "content_pagedocument" in statement
        }
    assert executions, "no statement of the store was prepared"
    assert max(executions.values()) >= 3


def test_named_parameters_are_numbered_once_per_statement_text():
    """PostgreSQL's own $n placeholders, a name used twice given one number, %% a literal %, and
    the work done once for each statement text (psycopg parsed long ones at every execution)."""
    served._numbered.cache_clear()
    sql = "SELECT %(b)s, x %% y, %(a)s, %(b)s::text"
    assert served._numbered(sql) == ("SELECT $1, x % y, $2, $1::text", ("b", "a"))
    served._numbered(sql)
    assert served._numbered.cache_info().hits == 1
    with pytest.raises(ValueError, match="neither"):
        served._numbered("SELECT 5 % 2")


def read_statements(monkeypatch) -> list[list[tuple]]:
    """The rows of every store statement run from now on."""
    answered = []

    def spy(sql, params):
        rows = run_statement(sql, params)
        answered.append(rows)
        return rows

    monkeypatch.setattr(served, "run_statement", spy)
    return answered


def held_twice(client, url: str) -> bytes:
    """Answered by the viewset (the site remembered), then from the store (the document held)."""
    first = client.get(url)
    assert client.get(url).content == first.content
    return first.content


def test_a_held_document_is_served_without_its_body_being_read_again(client, demo_site, monkeypatch):
    article = ArticlePage.objects.get(slug="autumn-release")
    url = f"/api/v2/pages/{article.pk}/"
    expected = held_twice(client, url)
    answered = read_statements(monkeypatch)
    assert client.get(url).content == expected
    [[(_, body, content_hash)]] = answered
    assert body is None and content_hash == PageDocument.objects.get(page=article).content_hash


def replace_stored_title(article: ArticlePage, title: str) -> None:
    """A document rebuilt behind the reader's back: new bytes, their own hash, still fresh."""
    row = PageDocument.objects.get(page=article)
    body = bytes(row.body).replace(article.title.encode(), title.encode())
    PageDocument.objects.filter(pk=row.pk).update(body=body, content_hash=hashlib.sha256(body).hexdigest())


def test_a_document_changed_in_the_database_is_never_served_with_its_held_bytes(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    detail = f"/api/v2/pages/{article.pk}/"
    listing = "/api/v2/pages/?type=content.ArticlePage&fields=*&limit=50"
    held_twice(client, detail)
    held_twice(client, listing)
    replace_stored_title(article, "Rewritten in the store")
    assert client.get(detail).json()["title"] == "Rewritten in the store"
    titles = {item["id"]: item["title"] for item in client.get(listing).json()["items"]}
    assert titles[article.pk] == "Rewritten in the store"


def test_a_page_no_longer_public_is_refused_though_its_document_is_held(client, demo_site):
    """Behind the store's back: the document stays fresh, only the page's own rows say no."""
    article = ArticlePage.objects.get(slug="autumn-release")
    other = ArticlePage.objects.live().public().exclude(pk=article.pk).first()
    listing = "/api/v2/pages/?type=content.ArticlePage&fields=_,id&limit=50"
    for page in (article, other):
        held_twice(client, f"/api/v2/pages/{page.pk}/")
    held_twice(client, listing)
    Page.objects.filter(pk=article.pk).update(live=False)
    PageViewRestriction.objects.create(page=other, restriction_type="password", password="secret")  # noqa: S106
    for page in (article, other):
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    listed = {item["id"] for item in client.get(listing).json()["items"]}
    assert article.pk not in listed and other.pk not in listed


def test_the_held_bytes_stay_within_their_bound(client, demo_site, settings):
    settings.DOCUMENT_CACHE_BYTES = 20_000
    pages = Page.objects.live().public().descendant_of(demo_site.root_page, inclusive=True)
    for page in pages:
        held_twice(client, f"/api/v2/pages/{page.pk}/")
        assert 0 < held.size <= settings.DOCUMENT_CACHE_BYTES
    served_bytes = sum(len(row.body) for row in PageDocument.objects.filter(page__in=pages))
    assert served_bytes > 2 * settings.DOCUMENT_CACHE_BYTES  # so some were let go


def test_with_no_bytes_to_hold_every_body_is_read(client, demo_site, settings, monkeypatch):
    settings.DOCUMENT_CACHE_BYTES = 0
    article = ArticlePage.objects.get(slug="autumn-release")
    expected = held_twice(client, f"/api/v2/pages/{article.pk}/")
    answered = read_statements(monkeypatch)
    assert client.get(f"/api/v2/pages/{article.pk}/").content == expected
    assert answered[0][0][1] is not None and held.size == 0


def test_each_host_and_site_parameter_gets_its_own_urls_from_held_bytes(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    url = f"/api/v2/pages/{article.pk}/"
    for host, query, detail_url in (
        ("localhost", "", f"http://localhost{url}"),
        ("127.0.0.1", "", f"http://127.0.0.1{url}"),
        ("127.0.0.1", "?site=localhost", f"http://127.0.0.1{url}?site=localhost"),
        ("localhost", "", f"http://localhost{url}"),
    ):
        for _ in range(2):  # the second from the store, its body held
            answer = client.get(f"{url}{query}", HTTP_HOST=host).json()
            assert answer["meta"]["detail_url"] == detail_url
            assert answer["hero_image"]["renditions"]["small"]["url"].startswith(f"http://{host}/media/")


def test_on_postgresql_each_restricted_page_is_read_once_per_statement(demo_site):
    """However many rows a statement checks, and however recent the restricted page (a plan that
    walked the page table's primary key up to it read every page before it, for every row)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    newest = Page.objects.filter(depth__gt=1).order_by("-pk").first()
    PageViewRestriction.objects.create(page=newest, restriction_type="login")
    restrictions = PageViewRestriction.objects.count()
    site = demo_site
    ref = served.SiteRef(site.pk, site.root_page.path, site.root_page.url_path, served.current_sites_epoch())
    sql = f"SELECT p.id FROM {Page._meta.db_table} p WHERE {served.PUBLIC_IN_SITE}"  # noqa: S608 (no input)
    connection.ensure_connection()
    # psycopg's own cursor sends the values apart from the SQL (Django's binds them into it), so
    # PostgreSQL plans without them, as it does a prepared statement: the generic plan.
    with connection.connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", served.statement_params(ref))
        plan = cursor.fetchone()[0][0]["Plan"]
        cursor.execute(sql, served.statement_params(ref))
        public = {pk for (pk,) in cursor.fetchall()}
    read = [node for node in plan_nodes(plan) if node.get("Alias") == "rp"]
    assert read, "the plan reads no restricted page"
    assert sum(node["Actual Rows"] * node["Actual Loops"] for node in read) == restrictions
    checked = Page.objects.filter(live=True, path__startswith=site.root_page.path)
    assert newest.pk not in public and len(checked) > len(public) > 10
