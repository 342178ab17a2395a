"""Django's model registry for the content app: every model, imported explicitly."""

from content.delivery.models import DocumentChange, DocumentDependency, PageDocument, SiteDocument, StoreEpoch
from content.pages.article_page import (
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRelatedPage,
    ArticlePageTag,
)
from content.pages.index_page import IndexPage
from content.site_settings import SiteSettings
from content.snippets import Person

__all__ = [
    "DocumentChange",
    "DocumentDependency",
    "PageDocument",
    "SiteDocument",
    "StoreEpoch",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageRelatedPage",
    "ArticlePageTag",
    "IndexPage",
    "Person",
    "SiteSettings",
]
