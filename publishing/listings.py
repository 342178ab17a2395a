"""An index's listing pages in an export: which to render, and the cards of only those.

An index of 10,000 articles has 500 listing pages. Its children's ids, in listing
order, come from one light query; the cards (title, summary, date, image) are
loaded for page 1, which the index's own JSON shows, and for the later pages this
run renders. An incremental export usually renders none of them (ListingCarry):
loading 10,000 cards and their images to keep 499 files as they were was most of
the time an edit of one article took.
"""

from django.conf import settings
from django.core.paginator import Page as ListingPage
from django.core.paginator import Paginator
from wagtail.models import Page

from content.serialization.batch import PageBatch
from content.serialization.listing import listed_children


def export_listing(index: Page) -> list[ListingPage]:
    """Every listing page of the index; page 1 with its cards, the others with their children's ids."""
    ids = list(listed_children(index).values_list("pk", flat=True))
    paginator = Paginator(ids, settings.INDEX_PAGE_SIZE)
    listing = [paginator.page(number) for number in paginator.page_range]
    return [*with_cards(index, listing[:1]), *listing[1:]]


def with_cards(index: Page, listing_pages: list[ListingPage]) -> list[ListingPage]:
    """The same listing pages with the children's cards in place of their ids (one query).

    A child unpublished since its id was read is left out: the change feed names it,
    so the next export renders this listing again.
    """
    ids = [pk for listing_page in listing_pages for pk in listing_page.object_list]
    cards = {child.pk: child for child in listed_children(index).filter(pk__in=ids)}
    return [
        ListingPage([cards[pk] for pk in page.object_list if pk in cards], page.number, page.paginator)
        for page in listing_pages
    ]


def batch_for_pages(index: Page, batch: PageBatch, numbers: list[int]) -> PageBatch:
    """A batch of the index alone whose listing has the cards of these listing pages."""
    listing = list(batch.listings[index.pk])
    for listing_page in with_cards(index, [listing[number - 1] for number in numbers]):
        listing[listing_page.number - 1] = listing_page
    return PageBatch(
        [index],
        batch.site,
        "",
        batch.detail_url,
        visible=batch.visible,
        listings={index.pk: listing},
        local_media=batch.local_media,
    )


def child_ids(listing_page: ListingPage) -> list[int]:
    return [child if isinstance(child, int) else child.pk for child in listing_page.object_list]


class ListingCarry:
    """Which later pages of an index's listing an incremental export may keep as they were.

    Page n of a listing is made of the index's own JSON (its frame) and the cards of
    its children on page n, in order, and of how many pages and children there are. When all of
    these are as in the previous build, and none of those children is named by the
    change feed (a card is made of what the child's document is made of), the files
    are the same: editing one article of a 10,000-article archive renders one listing
    page again, not 800.
    """

    def __init__(self, previous: dict, changed: frozenset[int], index_id: int, frame: str, listing: list):
        self.changed, self.frame = changed, frame
        self.pages = [child_ids(listing_page) for listing_page in listing]
        # Per later listing page, the media and documents its JSON links to: kept pages' are
        # taken from the previous record, not read again from their files.
        self.links: list[list] = [[[], []] for _children in self.pages[1:]]
        record = previous.get(index_id, {}).get("listing")
        usable = record and "links" in record and self._same_frame(record)
        self.previous_pages = record["pages"] if usable else None
        self.previous_links = record["links"] if usable else None

    def _same_frame(self, previous: dict) -> bool:
        """The index's own JSON, the number of listing pages and the total count (every page shows it)."""
        shape = [len(children) for children in self.pages]
        return previous["frame"] == self.frame and [len(children) for children in previous["pages"]] == shape

    def unchanged(self, number: int) -> bool:
        if self.previous_pages is None:
            return False
        children = self.pages[number - 1]
        return self.previous_pages[number - 1] == children and self.changed.isdisjoint(children)

    def kept_links(self, number: int) -> tuple[list[str], list[int]]:
        """The media URLs and document ids a kept listing page links to, as the previous build recorded."""
        media, documents = self.links[number - 2] = self.previous_links[number - 2]
        return media, documents

    def note_links(self, number: int, media: set[str], documents: set[int]) -> None:
        self.links[number - 2] = [sorted(media), sorted(documents)]

    def as_record(self) -> dict:
        return {"frame": self.frame, "pages": self.pages, "links": self.links}
