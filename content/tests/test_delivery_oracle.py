"""The oracle: after any sequence of real changes, every stored document served is what the serializer
computes from scratch, and nothing that is not live and public is served.

Hypothesis applies random sequences of editors' operations to the demo site (publish,
rename, re-slug, unpublish, move, delete, restrict, link, relate, edit images, people,
collections and site settings, add pages); after each one the invariant reads every
page of every site through the store and compares it with a build from scratch, and
a follower of the change feed (a frontend applying each new entry) must then hold
every public page's current path and hash, with no entry that changed nothing.
ORACLE_EXAMPLES and ORACLE_STEPS raise the effort (CI keeps them small). The sequences
are the same on every run (so CI is repeatable); ORACLE_RANDOM=1 draws new ones each
run, to go looking for a sequence nobody has tried.
"""

import itertools
import os

import pytest
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from wagtail.images.models import Image
from wagtail.models import Collection, Page, PageViewRestriction, Site

from content.api.sites import forget_sites
from content.delivery.build import build_page_documents, build_site_document
from content.delivery.models import DocumentChange
from content.delivery.rebuild import rebuild_documents
from content.delivery.served import (
    SiteRef,
    current_sites_epoch,
    forget_totals,
    fresh_site_document,
    public_page_document,
    public_pages_window,
)
from content.delivery.store import page_documents, site_document
from content.demo import blocks
from content.models import ArticlePage, ArticlePageRelatedPage, IndexPage, Person, SiteSettings
from search.models import SearchLexeme

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "6"))
STEPS = int(os.environ.get("ORACLE_STEPS", "12"))
RANDOM = os.environ.get("ORACLE_RANDOM") == "1"
_names = itertools.count()


def specific_pages(queryset) -> list[Page]:
    return list(queryset.order_by("path").specific())


class DeliveryStore(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.client = Client()
        self.steps = 0
        # A frontend following the change feed: (site, page) → (path, hash), and each site's hash.
        self.replica: dict[tuple[int, int], tuple[str, str]] = {}
        self.replica_sites: dict[int, str] = {}
        self.followed = 0

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)
        # The rollback sets the epochs back to values this process has seen with other data.
        forget_sites()
        forget_totals()

    # What the rules act on, drawn from the database as it is now.
    def pick(self, data, queryset):
        candidates = list(queryset.order_by("pk").values_list("pk", flat=True))
        if not candidates:
            return None
        return Page.objects.get(pk=data.draw(st.sampled_from(candidates))).specific

    def articles(self, data, **filters):
        return self.pick(data, ArticlePage.objects.filter(**filters))

    def sections(self, data):
        return self.pick(data, IndexPage.objects.live())

    @rule(data=st.data())
    def retitle(self, data):
        page = self.pick(data, Page.objects.live().filter(depth__gt=2))
        if page is not None:
            page.title = f"{page.title[:40]} v{next(_names)}"
            page.save_revision().publish()

    @rule(data=st.data())
    def republish_unchanged_title(self, data):
        """A publish that keeps title and slug (descendants need not change)."""
        page = self.pick(data, Page.objects.live().filter(depth__gt=1))
        if page is not None:
            page.search_description = f"Edited {next(_names)}"
            page.save_revision().publish()

    @rule(data=st.data())
    def reslug(self, data):
        page = self.pick(data, Page.objects.live().filter(depth__gt=2))
        if page is not None:
            page.slug = f"{page.slug[:30]}-{next(_names)}"
            page.save_revision().publish()

    @rule(data=st.data())
    def unpublish(self, data):
        page = self.pick(data, Page.objects.live().filter(depth__gt=2))
        if page is not None:
            page.unpublish()

    @rule(data=st.data())
    def republish(self, data):
        page = self.pick(data, Page.objects.not_live().filter(depth__gt=2))
        if page is not None:
            page.save_revision().publish()

    @rule(data=st.data())
    def move(self, data):
        article, section = self.articles(data), self.sections(data)
        if article is not None and section is not None and article.get_parent().pk != section.pk:
            article.slug = f"{article.slug[:30]}-{next(_names)}"  # never two slugs alike in a section
            article.save_revision().publish()
            article.move(section, pos="last-child")

    @rule(data=st.data())
    def delete(self, data):
        article = self.articles(data)
        if article is not None:
            article.delete()

    @rule(data=st.data())
    def restrict(self, data):
        page = self.pick(data, Page.objects.filter(depth__gt=2, view_restrictions=None))
        if page is not None:
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    @rule(data=st.data())
    def lift_restriction(self, data):
        restrictions = list(PageViewRestriction.objects.order_by("pk"))
        if restrictions:
            data.draw(st.sampled_from(restrictions)).delete()

    @rule(data=st.data())
    def link(self, data):
        """A paragraph linking to another page, through rich text."""
        article, target = self.articles(data, live=True), self.pick(data, Page.objects.filter(depth__gt=1))
        if article is not None and target is not None:
            article.body = [
                *article.body.raw_data,
                blocks.paragraph(f"<p>{blocks.page_link(target, 'see')}</p>"),
            ]
            article.save_revision().publish()

    @rule(data=st.data())
    def relate(self, data):
        article, target = self.articles(data, live=True), self.pick(data, Page.objects.filter(depth__gt=2))
        if article is not None and target is not None:
            article.related_pages = [ArticlePageRelatedPage(target=target, sort_order=0)]
            article.save_revision().publish()

    @rule(data=st.data())
    def create_article(self, data):
        section = self.sections(data)
        if section is not None:
            number = next(_names)
            article = ArticlePage(
                title=f"Generated {number}", slug=f"generated-{number}", summary=f"S{number}"
            )
            article.hero_image = data.draw(st.sampled_from(list(Image.objects.order_by("pk"))))
            section.add_child(instance=article)
            article.save_revision().publish()

    @rule(data=st.data())
    def edit_image(self, data):
        image = data.draw(st.sampled_from(list(Image.objects.order_by("pk"))))
        image.title = f"Image {next(_names)}"
        image.save()

    @rule(data=st.data())
    def move_image_between_collections(self, data):
        image = data.draw(st.sampled_from(list(Image.objects.order_by("pk"))))
        image.collection = data.draw(st.sampled_from(list(Collection.objects.order_by("pk"))))
        image.save()

    @rule(data=st.data())
    def edit_person(self, data):
        person = data.draw(st.sampled_from(list(Person.objects.order_by("pk"))))
        person.name = f"Person {next(_names)}"
        person.save()

    @rule(data=st.data())
    def change_default_social_image(self, data):
        settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings_row.default_social_image = data.draw(st.sampled_from(list(Image.objects.order_by("pk"))))
        settings_row.save()

    @rule(data=st.data())
    def drop_own_social_image(self, data):
        article = self.articles(data, live=True)
        if article is not None:
            article.hero_image = None
            article.social_image = None
            article.save_revision().publish()

    @invariant()
    def served_documents_are_what_the_serializer_computes_now(self):
        self.steps += 1
        for site in Site.objects.select_related("root_page"):
            public = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
            pages = specific_pages(public)
            served = page_documents(pages, site)
            scratch = build_page_documents(pages, site)
            for page in pages:
                assert served[page.pk].body == scratch[page.pk].body, (
                    f"page {page.pk} {page.url_path} after {self.steps}"
                )
            scratch_site = build_site_document(site).body
            assert site_document(site).body == scratch_site, f"site {site.pk} after {self.steps}"
            self.check_fast_reads(site, {page.pk: scratch[page.pk].body for page in pages})

    def check_fast_reads(self, site: Site, scratch: dict[int, bytes]) -> None:
        """The API's one-query read gives the same bytes for every public page, and nothing for the rest."""
        root = site.root_page
        ref = SiteRef(site.pk, root.path, root.url_path, current_sites_epoch())
        for pk in Page.objects.filter(depth__gt=1).values_list("pk", flat=True):
            served = public_page_document(ref, pk)
            if pk in scratch:
                assert served is not None, f"page {pk} not served from the store after {self.steps}"
                assert served.document.body == scratch[pk], f"page {pk} after {self.steps}"
            else:
                assert served is None, f"page {pk} is not public in site {site.pk} after {self.steps}"
        assert fresh_site_document(ref).body == build_site_document(site).body
        total, _ = public_pages_window(ref, None, 0, 1)  # counted once per store epoch, then remembered
        assert total == len(scratch), f"listing total of site {site.pk} after {self.steps}"
        public = list(Page.objects.filter(pk__in=scratch).order_by("path").values_list("pk", "path", "depth"))
        for parent, path, depth in public:
            children = [pk for pk, p, d in public if d == depth + 1 and p.startswith(path)]
            total, window = public_pages_window(ref, None, 0, 100, parent_id=parent)
            assert (total, [w.page_id for w in window]) == (len(children), children[:100]), (
                f"children of {parent} after {self.steps}"
            )

    @invariant()
    def the_search_index_counts_the_lexemes_its_entries_hold(self):
        """Derived data of the search index (search/lexemes.py): each lexeme's count is what
        PostgreSQL's ts_stat() counts over the entries now."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            entries = "SELECT document FROM search_searchentry WHERE document IS NOT NULL"
            cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [entries])
            scratch = dict(cursor.fetchall())
        assert dict(SearchLexeme.objects.values_list("lexeme", "pages")) == scratch, f"after {self.steps}"

    @invariant()
    def the_change_feed_tells_a_follower_exactly_what_changed(self):
        """Once the worker has caught up, a follower that applied each new entry holds every public
        page's current path and hash, and each entry was a real change of a page public at the time."""
        rebuild_documents()
        entries = list(DocumentChange.objects.filter(seq__gt=self.followed).order_by("seq"))
        for entry in entries:
            self.apply(entry)
        self.followed = entries[-1].seq if entries else self.followed
        expected, expected_sites = {}, {}
        for site in Site.objects.select_related("root_page"):
            public = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
            pages = specific_pages(public)
            for pk, built in build_page_documents(pages, site).items():
                expected[(site.pk, pk)] = (built.path, built.content_hash)
            expected_sites[site.pk] = build_site_document(site).content_hash
        assert self.replica == expected, f"the feed's follower after {self.steps}"
        assert self.replica_sites == expected_sites, f"site entries after {self.steps}"

    def apply(self, entry: DocumentChange) -> None:
        if entry.page_type == DocumentChange.SITE_TYPE:
            assert entry.kind != DocumentChange.DELETED or entry.site_id in self.replica_sites
            assert self.replica_sites.get(entry.site_id) != entry.content_hash, (
                f"entry {entry.seq} changes nothing"
            )
            self.replica_sites[entry.site_id] = entry.content_hash
            return
        key = (entry.site_id, entry.page_id)
        before = self.replica.get(key)
        if entry.kind == DocumentChange.DELETED:
            assert before is not None and before[0] == entry.old_path, f"entry {entry.seq}: {entry}"
            del self.replica[key]
            return
        assert (before is None) == (entry.kind == DocumentChange.CREATED), f"entry {entry.seq}: {entry}"
        assert before is None or before[0] == entry.old_path, f"entry {entry.seq} old path"
        assert before != (entry.new_path, entry.content_hash), f"entry {entry.seq} changes nothing"
        self.replica[key] = (entry.new_path, entry.content_hash)

    @invariant()
    def nothing_private_is_served(self):
        hidden = Page.objects.filter(depth__gt=1).exclude(pk__in=Page.objects.live().public().values("pk"))
        for pk in hidden.values_list("pk", flat=True):
            assert self.client.get(f"/api/v2/pages/{pk}/").status_code == 404, f"page {pk} after {self.steps}"


@pytest.mark.django_db
def test_the_store_serves_what_the_serializer_computes_after_any_changes(demo_site, settings_api_cache_off):
    run_state_machine_as_test(
        DeliveryStore,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            database=None,
            derandomize=not RANDOM,
        ),
    )


@pytest.fixture
def settings_api_cache_off(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
