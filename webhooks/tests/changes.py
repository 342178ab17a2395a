"""Changes to the demo site that the tests deliver."""

from content.delivery.rebuild import rebuild_documents
from content.models import ArticlePage


def baseline() -> None:
    """Every document stored, so that the feed's next entries are the test's own changes."""
    rebuild_documents()


def publish_title(slug: str, title: str) -> ArticlePage:
    page = ArticlePage.objects.get(slug=slug)
    page.title = title
    page.save_revision().publish()
    return page
