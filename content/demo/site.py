"""Builds the demo site once: running it again finds what exists and creates nothing twice."""

import datetime

from django.contrib.auth.models import Group
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from content.models import (
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRelatedPage,
    IndexPage,
    Person,
    SiteSettings,
)

from . import blocks, markers
from .articles import article_body, every_block_body, prose
from .corpus import ARTICLES, PEOPLE, SECTIONS
from .media import IMAGE_SPECS, ensure_documents, ensure_images

FIRST_ARTICLE_DATE = datetime.date(2026, 11, 1)
DEMO_PASSWORD = "demo-password"  # noqa: S105 (documented demo value, not a secret)


def demo_context(site: Site) -> dict:
    """The shared pieces every demo page refers to, created when missing."""
    home = site.root_page.specific
    images = ensure_images()
    return {
        "images": images,
        "documents": ensure_documents(),
        "people": ensure_people(images),
        "pages": {slug: ensure_section(home, slug, title, intro) for slug, title, intro in SECTIONS},
        "public_image_titles": [title for title, _, _ in IMAGE_SPECS],
    }


def build_demo_site() -> Site:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    ctx = demo_context(site)
    images, sections = ctx["images"], ctx["pages"]
    articles = ensure_articles(sections, ctx)
    about = ensure_article(
        home,
        "about",
        "About the journal",
        "Who we are and how the site is made.",
        ["team"],
        ctx,
        every_block_body(ctx),
    )
    ensure_restricted_pages(home, sections, ctx)
    ensure_editing_states(sections, ctx)
    ensure_home_content(home, images, articles[:3])
    ensure_site_settings(site, images, about)
    ensure_redirects(sections)
    return site


def ensure_people(images) -> list[Person]:
    people = []
    for name, role in PEOPLE:
        person, _ = Person.objects.get_or_create(
            name=name, defaults={"role": role, "photo": images["Portrait placeholder"]}
        )
        people.append(person)
    return people


def ensure_section(parent: Page, slug: str, title: str, intro: str, in_menu: bool = True) -> IndexPage:
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    section = IndexPage(title=title, slug=slug, intro=f"<p>{intro}</p>", show_in_menus=in_menu)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def ensure_articles(sections: dict[str, IndexPage], ctx: dict) -> list[ArticlePage]:
    articles = []
    for section_slug, specs in ARTICLES.items():
        previous = None
        for slug, title, summary, tags in specs:
            index = len(articles)
            body = every_block_body(ctx) if slug == "style-guide" else article_body(index, ctx)
            article = ensure_article(
                sections[section_slug],
                slug,
                title,
                summary,
                tags,
                ctx,
                body,
                related=previous,
                index=index,
            )
            articles.append(article)
            previous = article
    return articles


def new_article(slug, title, summary, tags, ctx, body, index=0) -> ArticlePage:
    people = ctx["people"]
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        date=FIRST_ARTICLE_DATE - datetime.timedelta(days=3 * index),
        hero_image=ctx["images"][ctx["public_image_titles"][index % 5]],
        body=body,
        search_description=summary,
    )
    article.authors = [
        ArticlePageAuthor(person=people[index % len(people)], sort_order=0),
        ArticlePageAuthor(person=people[(index + 2) % len(people)], sort_order=1),
    ]
    article.tags.add(*tags)
    return article


def ensure_article(parent, slug, title, summary, tags, ctx, body, related=None, index=0, publish=True):
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    article = new_article(slug, title, summary, tags, ctx, body, index)
    if related is not None:
        article.related_pages = [ArticlePageRelatedPage(target=related, sort_order=0)]
    if not publish:
        article.live = False
    parent.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article


def restrict(page: Page, restriction_type: str, groups=(), password: str = "") -> None:
    restriction, _ = PageViewRestriction.objects.get_or_create(
        page=page, defaults={"restriction_type": restriction_type, "password": password}
    )
    if groups:
        restriction.groups.set(groups)


def ensure_restricted_pages(home: Page, sections: dict, ctx: dict) -> None:
    """One page behind a password, one section behind login, one page for a group only."""
    protected = ensure_article(
        sections["news"],
        "embargoed-results",
        "Embargoed results",
        f"Results under embargo. {markers.PASSWORD_PROTECTED}",
        ["release"],
        ctx,
        [blocks.paragraph(f"<p>{markers.PASSWORD_PROTECTED} {prose(1)}</p>")],
    )
    restrict(protected, PageViewRestriction.PASSWORD, password=DEMO_PASSWORD)

    members = ensure_section(home, "members", "Members", f"For signed-in members. {markers.LOGIN_RESTRICTED}")
    restrict(members, PageViewRestriction.LOGIN)
    ensure_article(
        members,
        "member-newsletter",
        "Member newsletter",
        f"News for members only. {markers.LOGIN_RESTRICTED}",
        ["community"],
        ctx,
        [blocks.paragraph(f"<p>{markers.LOGIN_RESTRICTED} {prose(2)}</p>")],
    )

    handbook = ensure_article(
        sections["guides"],
        "moderators-handbook",
        "Moderators' handbook",
        f"For moderators only. {markers.GROUP_RESTRICTED}",
        ["workflow"],
        ctx,
        [blocks.paragraph(f"<p>{markers.GROUP_RESTRICTED} {prose(4)}</p>")],
    )
    restrict(handbook, PageViewRestriction.GROUPS, groups=[Group.objects.get(name="Moderators")])


def ensure_editing_states(sections: dict, ctx: dict) -> None:
    """A page that was never published, and a live page with newer unpublished changes."""
    ensure_article(
        sections["news"],
        "upcoming-announcement",
        f"Upcoming announcement {markers.DRAFT_ONLY}",
        f"Not yet published. {markers.DRAFT_ONLY}",
        ["release"],
        ctx,
        [blocks.paragraph(f"<p>{markers.DRAFT_ONLY} {prose(5)}</p>")],
        publish=False,
    )

    page = ensure_article(
        sections["stories"],
        "work-in-progress",
        "Work in progress",
        "A live story whose next version is still being written.",
        ["editorial"],
        ctx,
        [blocks.paragraph(f"<p>{prose(6)}</p>")],
    )
    if not page.has_unpublished_changes:
        page.summary = f"A rewrite in progress. {markers.UNPUBLISHED_CHANGE}"
        page.body = [blocks.paragraph(f"<p>{markers.UNPUBLISHED_CHANGE} {prose(7)}</p>")]
        page.save_revision()


def ensure_home_content(home: Page, images: dict, featured: list[ArticlePage]) -> None:
    if home.hero_heading:
        return
    home.hero_heading = "Stories, guides and news from the journal"
    home.intro = "<p>A demo site for the <b>headless CMS</b>: every page here is also JSON.</p>"
    home.hero_image = images["Harbour at dawn"]
    home.body = [
        blocks.paragraph(f"<p>{prose(0, 2)}</p>"),
        blocks.call_to_action(
            "Read the guides",
            "Start with the basics.",
            "See the guides",
            page=featured[0].get_parent(),
        ),
    ]
    # The site's root page is a home.HomePage (home's migration makes it); content does not import home.
    row = home.featured_pages.model
    home.featured_pages = [row(target=page, sort_order=i) for i, page in enumerate(featured)]
    home.save_revision().publish()


def ensure_site_settings(site: Site, images: dict, about: Page) -> None:
    settings = SiteSettings.for_site(site)
    if settings.tagline:
        return
    settings.site_name = "The Northwind Journal"
    settings.tagline = "Stories, guides and news, published headless."
    settings.default_social_image = images["Mountain lake"]
    settings.footer_links = [
        ("link", {"label": "About", "page": about, "url": ""}),
        ("link", {"label": "Source code", "page": None, "url": "https://example.com/source"}),
    ]
    settings.save()


def ensure_redirects(sections: dict) -> None:
    Redirect.objects.get_or_create(
        old_path=Redirect.normalise_path("/news-archive"),
        site=None,
        defaults={"redirect_page": sections["news"], "is_permanent": True},
    )
