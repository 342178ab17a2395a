"""The public API's search index: one entry per live, public page, and the words of those pages.

Derived data, like the delivery store: `rebuild_search_index` writes it again from
the pages. On PostgreSQL each entry carries weighted tsvectors with GIN indexes; on
SQLite an FTS5 table mirrors the entries through triggers (migration 0002).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from wagtail.models import Page


class SearchEntry(models.Model):
    """A page's searchable text by weight: title (A), summary or intro (B), tags and authors (C), body (D)."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    title = models.TextField()
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # " word word … ": the title's words, lower case, for completions on SQLite.
    title_words = models.TextField(blank=True)
    # PostgreSQL only (NULL on SQLite): every field weighted, the title/summary/keywords
    # alone (small, so ranking a candidate by it reads no TOASTed body), and the
    # title's words unstemmed for prefix completion.
    document = SearchVectorField(null=True)
    head = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)
    # PostgreSQL only: the document's adjacent pairs of lexemes ("water book"), written by a
    # trigger whenever `document` is (migration 0004), so a two-word phrase needs no positions.
    word_pairs = SearchVectorField(null=True)

    def __str__(self) -> str:
        return self.title


class SearchWord(models.Model):
    """A word of the public pages' text and how many entries hold it: what did_you_mean picks from.

    On PostgreSQL its pages are kept half full (migration 0005), so that moving a count is an
    update in place, with no index touched."""

    word = models.CharField(max_length=40, primary_key=True)
    pages = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.word


class SearchLexeme(models.Model):
    """PostgreSQL: a lexeme of the entries' vectors and how many entries hold it (search/lexemes.py).
    Empty on SQLite. Its pages are kept half full, as the vocabulary's (migration 0007)."""

    lexeme = models.TextField(primary_key=True)
    pages = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.lexeme
