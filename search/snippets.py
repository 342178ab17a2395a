"""A highlighted snippet of a result's text: the words the query matched, in <mark>, escaped HTML.

The same code on both databases. A query word also marks the forms that share its
stem ("publishing" marks "published"), with the Snowball English stemmer that
PostgreSQL's `english` configuration uses, so marks and matches agree.
"""

import functools
import re
from html import escape

import snowballstemmer
from wagtail.rich_text import get_text_for_indexing

WORD = re.compile(r"\w+", re.UNICODE)
WINDOW_WORDS = 30
_english = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's Snowball English stem: release, releases and released share one."""
    return _english.stemWord(word.lower())


# Keys of stored block data that hold no reader-facing text.
NOT_TEXT_KEYS = {"id", "type", "url", "level", "language", "image", "page", "document"}


def block_strings(raw) -> list[str]:
    """Every string in a block's stored JSON, read without loading the images or pages it points to."""
    if isinstance(raw, str):
        return [get_text_for_indexing(raw)]
    if isinstance(raw, dict):
        kept = (value for key, value in raw.items() if key not in NOT_TEXT_KEYS)
        return [text for value in kept for text in block_strings(value)]
    if isinstance(raw, list):
        return [text for item in raw for text in block_strings(item)]
    return []


# ts_headline wraps matches in these private-use characters; the indexer strips them from content.
START, STOP = "\ue000", "\ue001"
# PostgreSQL's parser reads "<...>" as an XML tag and ts_headline drops it: the text's angle
# brackets reach it as these characters, and come back as escaped brackets.
LT, GT = "\ue002", "\ue003"
MARKS = str.maketrans({START: " ", STOP: " ", LT: " ", GT: " "})


def marked(headline: str, text: str) -> str:
    """ts_headline's fragment as escaped HTML with <mark>, and an ellipsis where text was cut."""
    headline = headline.replace(LT, "<").replace(GT, ">")
    html = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    plain = headline.replace(START, "").replace(STOP, "")
    prefix = "" if text.startswith(plain) else "… "
    suffix = "" if text.endswith(plain) else " …"
    return f"{prefix}{html}{suffix}" if plain else ""


def highlight(text: str, query: str) -> str:
    """About WINDOW_WORDS words of text around the first match, with every match marked."""
    stems = {stem(word) for word in WORD.findall(query)}
    words = text.split(" ")
    hits = [i for i, word in enumerate(words) if any(stem(part) in stems for part in WORD.findall(word))]
    start = max(0, (hits[0] if hits else 0) - WINDOW_WORDS // 3)
    window = words[start : start + WINDOW_WORDS]
    marked = " ".join(_mark(word, stems) for word in window)
    prefix = "… " if start else ""
    suffix = " …" if start + WINDOW_WORDS < len(words) else ""
    return f"{prefix}{marked}{suffix}"


def _mark(word: str, stems: set[str]) -> str:
    pieces, end = [], 0
    for match in WORD.finditer(word):
        pieces.append(escape(word[end : match.start()]))
        token = escape(match.group())
        pieces.append(f"<mark>{token}</mark>" if stem(match.group()) in stems else token)
        end = match.end()
    pieces.append(escape(word[end:]))
    return "".join(pieces)
