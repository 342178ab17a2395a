"""The words of the public pages, with how many entries hold each: what did_you_mean corrects towards.

Kept by the indexer: an entry written adds its words, an entry removed takes
them away, so a word that only a private or unpublished page holds is not here.
Corrections come from pg_trgm similarity on PostgreSQL, and from edit distance
over words of a similar length on SQLite.
"""

import re
from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.db.models.functions import Length

from content.delivery.served import run_statement

from .models import SearchEntry, SearchWord

WORD = re.compile(r"[^\W\d_]+")
MIN_LENGTH, MAX_LENGTH = 3, 40
CANDIDATES = 5  # corrections tried per word, most similar first


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _entry_words(entry: SearchEntry) -> set[str]:
    text = " ".join((entry.title, entry.summary, entry.keywords, entry.body))
    return {word for word in words_of(text) if MIN_LENGTH <= len(word) <= MAX_LENGTH}


def replace(old: Iterable[SearchEntry], new: Iterable[SearchEntry]) -> None:
    """Entries `old` leave the index and `new` join it: move each word's page count by the difference."""
    change: Counter = Counter()
    for entry in old:
        change.subtract(_entry_words(entry))
    for entry in new:
        change.update(_entry_words(entry))
    rows = [(word, count) for word, count in change.items() if count]
    if not rows:
        return
    table = SearchWord._meta.db_table
    on_conflict = f"ON CONFLICT (word) DO UPDATE SET pages = {table}.pages + excluded.pages"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement for a whole batch
            words, counts = zip(*sorted(rows), strict=True)
            cursor.execute(
                f"INSERT INTO {table} (word, pages) "
                f"SELECT * FROM unnest(%s::text[], %s::int[]) {on_conflict}",
                [list(words), list(counts)],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} (word, pages) VALUES (%s, %s) {on_conflict}",
                rows,
            )
    if any(count < 0 for _, count in rows):
        SearchWord.objects.filter(pages__lte=0).delete()


def clear() -> None:
    SearchWord.objects.all().delete()


def unknown_with_corrections(words: Iterable[str]) -> dict[str, list[str]]:
    """Each of the words the vocabulary does not hold, with its nearest vocabulary words, best
    first (at most CANDIDATES; none for a word too short or too long to correct)."""
    wanted = sorted(set(words))
    if not wanted:
        return {}
    if connection.vendor == "postgresql":
        return dict(run_statement(_UNKNOWN_WITH_TRIGRAM_NEIGHBOURS, neighbour_params(wanted)))
    unknown = set(wanted) - set(SearchWord.objects.filter(word__in=wanted).values_list("word", flat=True))
    return {word: _edit_neighbours(word) if MIN_LENGTH <= len(word) <= MAX_LENGTH else [] for word in unknown}


def neighbour_params(words: Iterable[str]) -> dict:
    """The parameters of the neighbours statement (and of UNKNOWN_WITH_NEIGHBOURS) for these words."""
    return {
        "vocabulary_words": sorted(set(words)),
        "vocabulary_shortest": MIN_LENGTH,
        "vocabulary_longest": MAX_LENGTH,
        "vocabulary_candidates": CANDIDATES,
    }


# One prepared statement: which words are unknown, and each one's neighbours by pg_trgm
# similarity (then by how many pages hold them), through the words' trigram index.
_UNKNOWN_WITH_TRIGRAM_NEIGHBOURS = f"""
    SELECT w.word, ARRAY(
        SELECT v.word FROM {SearchWord._meta.db_table} v
        WHERE length(w.word) BETWEEN %(vocabulary_shortest)s AND %(vocabulary_longest)s AND v.word %% w.word
        ORDER BY similarity(v.word, w.word) DESC, v.pages DESC, v.word LIMIT %(vocabulary_candidates)s
    )
    FROM unnest(%(vocabulary_words)s::text[]) AS w(word)
    WHERE NOT EXISTS (SELECT 1 FROM {SearchWord._meta.db_table} k WHERE k.word = w.word)
"""
# The same as one JSON value, {unknown word: [neighbours, best first]}, for a PostgreSQL statement
# that reads it beside its own rows (search/served.py: only when the search found nothing).
UNKNOWN_WITH_NEIGHBOURS = (
    f"(SELECT COALESCE(json_object_agg(u.word, u.neighbours), '{{}}') "
    f"FROM ({_UNKNOWN_WITH_TRIGRAM_NEIGHBOURS}) u(word, neighbours))"
)


def _edit_neighbours(word: str) -> list[str]:
    """Words with the same first letter and a length within 2, at most 2 edits away (1 for short words)."""
    most = 1 if len(word) <= 4 else 2
    nearby = (
        SearchWord.objects.filter(word__gte=word[0], word__lt=chr(ord(word[0]) + 1))
        .annotate(length=Length("word"))
        .filter(length__range=(len(word) - most, len(word) + most))
        .values_list("word", "pages")
    )
    scored = [
        (distance, -pages, candidate)
        for candidate, pages in nearby
        if (distance := edit_distance(word, candidate, most)) <= most
    ]
    return [candidate for _, _, candidate in sorted(scored)[:CANDIDATES]]


def edit_distance(a: str, b: str, most: int) -> int:
    """Levenshtein distance with adjacent swaps counted as one edit; most + 1 once it is past `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if previous2 is not None and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return previous[-1]
