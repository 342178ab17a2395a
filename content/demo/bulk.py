"""Adds many published articles fast, for benchmarks, without skipping what Wagtail keeps.

Creating pages one by one (add_child, then save_revision().publish()) runs dozens
of queries per page. Here each batch is written with a few bulk inserts instead,
and every record the slow path would leave is still written: the tree paths and
child counts, the page and article rows, authors, tags and related pages, a
revision that is both the latest and the live one, a publish log entry, the
reference index and the search index.
"""

import datetime
import itertools
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from content.models import (
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRelatedPage,
    ArticlePageTag,
    IndexPage,
)
from content.signals import bulk_published

from . import blocks, english
from .articles import prose

BATCH_SIZE = 500
TAG_NAMES = ["archive", "analysis", "interview", "opinion", "data", "events", "guides", "release"]


def add_articles(
    section: IndexPage,
    count: int,
    ctx: dict,
    progress=None,
    realistic_seed: int | None = None,
    workers: int | None = None,
) -> int:
    """Add count published articles under section, in batches; returns how many were added.

    With realistic_seed, each article's words are drawn from English word frequencies
    (content/demo/english.py) instead of the demo's ten sentences. On PostgreSQL, outside
    a caller's transaction, PARALLEL_BATCHES batches are written at once, each in its own
    transaction (workers overrides that): the same articles, in less time.
    """
    ctx = {**ctx, "realistic_seed": realistic_seed}
    names = TAG_NAMES if realistic_seed is None else english.english().tags
    tags = _ensure_tags(names)
    batches = _planned(section, count)
    workers = _workers(workers)
    added = 0
    if workers == 1:
        for batch in batches:
            with transaction.atomic():
                _add_batch(section, batch, ctx, tags)
            added += len(batch)
            if progress:
                progress(added)
        return added
    processes = multiprocessing.get_context("fork")
    stop = processes.Event()
    connections.close_all()  # each process opens its own: a connection is not shared across a fork
    with ProcessPoolExecutor(workers, processes, initializer=_started, initargs=(stop,)) as pool:
        running = [pool.submit(_add_batch_apart, section, batch, ctx, tags) for batch in batches]
        try:
            for done in as_completed(running):
                added += done.result()
                if progress:
                    progress(added)
        except BaseException:  # a batch failed, or Ctrl-C (which only this process takes)
            # The batches being written commit or roll back whole; the others are not begun.
            stop.set()
            pool.shutdown(cancel_futures=True)
            raise
    return added


# Batches written at once, each by a process of its own. The seed is about half Python and half
# PostgreSQL: while one batch's statements run in the database, the other's Python runs. Threads
# would not do: the Python of both would wait for one GIL. Two cores, so two.
PARALLEL_BATCHES = 2


def _workers(asked: int | None) -> int:
    """A process of its own opens its own connection, which sees only what is committed: so one
    batch at a time inside a caller's transaction (a test's), and on SQLite, which writes one at a
    time, whatever was asked."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return asked or PARALLEL_BATCHES


_stop = None  # in a process writing batches: set when the seed stops


def _started(stop) -> None:
    """A process writing batches: Ctrl-C is the command's to take; it then sets `stop`."""
    global _stop  # noqa: PLW0603 (one per process, set once as it starts)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _stop = stop


def _ensure_tags(names) -> list[Tag]:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=name, slug=name) for name in names if name not in existing]
    Tag.objects.bulk_create(missing)
    existing |= {tag.name: tag for tag in Tag.objects.filter(name__in=[tag.name for tag in missing])}
    return [existing[name] for name in names]


@dataclass(frozen=True)
class Planned:
    """An article's place, decided before any batch is written: its number, tree step and slug."""

    number: int
    step: int
    slug: str


def _planned(section: IndexPage, count: int) -> list[list[Planned]]:
    """Every article's place after the section's last child, in batches of BATCH_SIZE."""
    parent = Page.objects.get(pk=section.pk)
    last_child = parent.get_last_child()
    first_step = int(last_child.path[-Page.steplen :], 36) + 1 if last_child else 1
    taken = set(parent.get_children().values_list("slug", flat=True))
    places = []
    for offset in range(count):
        number = parent.numchild + offset + 1
        slug = _free_slug(f"archive-article-{number}", taken)
        taken.add(slug)
        places.append(Planned(number, first_step + offset, slug))
    return [places[start : start + BATCH_SIZE] for start in range(0, count, BATCH_SIZE)]


def _add_batch_apart(section: IndexPage, batch: list[Planned], ctx: dict, tags: list[Tag]) -> int:
    """A batch in a process writing batches: its own connection and transaction, closed when it is
    done; none once the seed stops (a batch failed, or Ctrl-C)."""
    if _stop is not None and _stop.is_set():
        return 0
    try:
        with transaction.atomic():
            _add_batch(section, batch, ctx, tags)
        return len(batch)
    finally:
        connections.close_all()


def _add_batch(section: IndexPage, batch: list[Planned], ctx: dict, tags: list[Tag]) -> None:
    parent = Page.objects.get(pk=section.pk)
    now = timezone.now()
    articles = [
        _new_article(
            parent,
            Page._get_path(parent.path, parent.depth + 1, place.step),
            place.slug,
            place.number,
            ctx,
            tags,
            now,
        )
        for place in batch
    ]
    _convert_bodies(articles)
    _insert_pages(articles)
    _insert_children(articles)
    _insert_revisions(articles, now)
    _index(articles)
    bulk_published.send(sender=ArticlePage, pages=articles)
    # Last, so that a batch beside it waits for this row only while this one commits.
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(articles))


def _free_slug(slug: str, taken: set[str]) -> str:
    candidates = itertools.chain([slug], (f"{slug}-{n}" for n in itertools.count(2)))
    return next(candidate for candidate in candidates if candidate not in taken)


def _new_article(parent, path, slug, number, ctx, tags, now) -> ArticlePage:
    """One archive article row: its words from the small corpus, or from wordfreq (--realistic)."""
    people, pages = ctx["people"], ctx["pages"]
    images = [ctx["images"][title] for title in ctx["public_image_titles"]]
    if ctx["realistic_seed"] is not None:
        text = english.article_text(ctx["realistic_seed"], number)
        by_name = {tag.name: tag for tag in tags}
        title, summary = text.title, text.summary
        body = _realistic_body(text, number, images)
        article_tags = [by_name[name] for name in text.tags]
    else:
        title = f"Archive article {number}: {prose(number, 1)[:60].rstrip('. ')}"
        summary = prose(number, 1)
        body = _archive_body(number, images, pages, ctx["documents"])
        article_tags = [tags[number % len(tags)], tags[(number + 3) % len(tags)]]
    article = ArticlePage(
        title=title,
        draft_title=title,
        slug=slug,
        path=path,
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        content_type=ContentType.objects.get_for_model(ArticlePage),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        latest_revision_created_at=now,
        summary=summary,
        date=datetime.date(2026, 11, 1) - datetime.timedelta(days=number % 3650),
        hero_image=images[number % len(images)],
        search_description=summary,
        body=body,
    )
    article.authors = [
        ArticlePageAuthor(person=people[(number + i) % len(people)], sort_order=i) for i in range(2)
    ]
    article.related_pages = [ArticlePageRelatedPage(target=pages["news"], sort_order=0)]
    article.tags.add(*article_tags)
    setattr(article, COMMENTS_RELATION_NAME, [])  # a new page has none: known, not asked for
    return article


def _realistic_body(text, number: int, images) -> list[dict]:
    """Two headed parts of paragraphs, with an image and a quote: few blocks, as editors write them."""
    middle = max(1, len(text.paragraphs) // 2)
    first, second = text.paragraphs[:middle], text.paragraphs[middle:]
    return [
        blocks.heading(text.headings[0]),
        blocks.paragraph("".join(f"<p>{paragraph}</p>" for paragraph in first)),
        blocks.image(images[number % len(images)], caption=text.headings[0] + "."),
        blocks.quote(text.quote, "An archive reader"),
        blocks.heading(text.headings[1]),
        blocks.paragraph("".join(f"<p>{paragraph}</p>" for paragraph in second)),
    ]


def _archive_body(number: int, images, pages, documents) -> list[dict]:
    return [
        blocks.paragraph(f"<p>{prose(number)} {blocks.page_link(pages['guides'], 'Read the guides')}.</p>"),
        blocks.heading(f"Part {number % 7 + 1}"),
        blocks.image(images[number % len(images)], caption=f"Archive figure {number}.", credit="Demo studio"),
        blocks.paragraph(f"<p>{prose(number + 4, 4)}</p>"),
        blocks.quote(prose(number + 2, 1), "An archive reader"),
        blocks.table(
            "Figures",
            [("text", "Measure"), ("number", "Value")],
            [["Readers", str(number * 7 % 1000)], ["Shares", str(number % 97)]],
        ),
        blocks.image(images[(number + 1) % len(images)], decorative=True),
        blocks.document(documents["guide"]),
    ]


def _convert_bodies(articles: list[ArticlePage]) -> None:
    """Each body's blocks as values, for the whole batch at once: one lookup of the images they show,
    not one per article when an index first reads a body."""
    stream_block = ArticlePage._meta.get_field("body").stream_block
    bodies = stream_block.bulk_to_python([article.body.raw_data for article in articles])
    for article, body in zip(articles, bodies, strict=True):
        article.body = body


def _insert_pages(articles: list[ArticlePage]) -> None:
    # Django refuses bulk_create on a multi-table model, so the Wagtail page rows go
    # in one bulk insert and the article rows as raw saves, like loaddata does.
    Page.objects.bulk_create(articles)
    for article in articles:
        article.page_ptr_id = article.id
        article.save_base(raw=True, force_insert=True)


def _insert_children(articles: list[ArticlePage]) -> None:
    authors, related, tagged = [], [], []
    for article in articles:
        for child in article.authors.all():
            child.page_id = article.pk
            authors.append(child)
        for child in article.related_pages.all():
            child.page_id = article.pk
            related.append(child)
        for child in article.tagged_items.all():  # the same rows, so that their ids reach the references
            child.content_object_id = article.pk
            tagged.append(child)
    ArticlePageAuthor.objects.bulk_create(authors)
    ArticlePageRelatedPage.objects.bulk_create(related)
    ArticlePageTag.objects.bulk_create(tagged)


def _insert_revisions(articles: list[ArticlePage], now) -> None:
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=article_type,
            base_content_type=page_type,
            object_id=str(article.pk),
            created_at=now,
            object_str=article.title,
            content=article.serializable_data(),
        )
        for article in articles
    )
    for article, revision in zip(articles, revisions, strict=True):
        article.latest_revision_id = article.live_revision_id = revision.pk
    Page.objects.bulk_update(articles, ["latest_revision", "live_revision"])
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=article_type,
            label=article.title,
            action="wagtail.publish",
            timestamp=now,
            revision=revision,
            page_id=article.pk,
            content_changed=True,
        )
        for article, revision in zip(articles, revisions, strict=True)
    )


def _index(articles: list[ArticlePage]) -> None:
    # The in-memory articles still hold their authors and tags, and each body is
    # converted once and reused by both indexes, so indexing adds few queries.
    for article in articles:
        ReferenceIndex.create_or_update_for_object(article)
    get_search_backend().add_bulk(ArticlePage, articles)
