"""A highlighted snippet of a result's text: the words the query matched, in <mark>, escaped HTML.

The same code on both databases, in Python: PostgreSQL's ts_headline parsed and stemmed
every word of each result's text, most of a search's database time. A query word
also marks the forms that share its stem ("publishing" marks "published"), with the
Snowball English stemmer that PostgreSQL's `english` configuration uses, so marks
and matches agree.
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


def _prefix(word_stem: str) -> str:
    """What every word with this stem starts with. Snowball changes at most the stem's last
    letter (hoping -> hope, skies -> sky), or its last two where the stem ends in "ie"
    (dying -> die, lying -> lie): checked over the 280,000 words of wordfreq's English list."""
    cut = 2 if word_stem.endswith("ie") else 1
    return word_stem[: max(1, len(word_stem) - cut)]


@functools.lru_cache(maxsize=4096)
def _candidates(stems: frozenset[str]) -> re.Pattern:
    """Whole words starting like one of the stems: a quick scan in C, each hit then stemmed."""
    prefixes = _prefixes(stems)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)


# Prefixes at least this long are looked for with str.find, which skips through the text in C;
# a single letter would stop at nearly every word, and is left to one regular-expression scan.
FIND_FROM = 2
_WORD_AT = re.compile(r"\w*")


def _first_match(text: str, stems: frozenset[str]) -> int | None:
    """Where the first word of text with one of the stems starts."""
    if not stems:
        return None
    prefixes = _prefixes(stems)
    lower = text.lower()
    if len(prefixes[-1]) < FIND_FROM or len(lower) != len(text):  # a few characters lower to two
        for match in _candidates(stems).finditer(text):
            if stem(match.group()) in stems:
                return match.start()
        return None
    found = [at for prefix in prefixes if (at := _found(text, lower, prefix, stems)) is not None]
    return min(found, default=None)


@functools.lru_cache(maxsize=4096)
def _prefixes(stems: frozenset[str]) -> tuple[str, ...]:
    """What the words with these stems start with, longest first."""
    return tuple(sorted({_prefix(word_stem) for word_stem in stems}, key=len, reverse=True))


def _found(text: str, lower: str, prefix: str, stems: frozenset[str]) -> int | None:
    """The first word of text that starts with prefix (found in its lower-cased copy, of the same
    length) and has one of the stems."""
    at = lower.find(prefix)
    while at != -1:
        before = lower[at - 1] if at else " "
        starts_word = not (before.isalnum() or before == "_")  # what \w matches in a str pattern
        # Stemmed as written: lower() of a whole text lower-cases a word by its context
        # (a Greek capital sigma before a full stop and a letter becomes a final sigma).
        if starts_word and stem(_WORD_AT.match(text, at).group()) in stems:
            return at
        at = lower.find(prefix, at + 1)
    return None


@functools.lru_cache(maxsize=1024)
def query_stems(query: str) -> frozenset[str]:
    """The stems of the query's words: worked out once per query, not once per result."""
    return frozenset(stem(word) for word in WORD.findall(query))


# The first WINDOW_WORDS words and the space after each: where a window that goes on ends.
_WINDOW_END = re.compile(f"(?:[^ ]* ){{{WINDOW_WORDS}}}")


def highlight(text: str, query: str) -> str:
    """About WINDOW_WORDS words of text around the first match, with every match marked.

    Words are what lies between single spaces. Only the window is cut out and stemmed:
    a 1,500-word body costs one scan for the query words' prefixes.
    """
    stems = query_stems(query)
    first = _first_match(text, stems)
    start = 0 if first is None else text.rfind(" ", 0, first) + 1  # the start of the match's word
    before = WINDOW_WORDS // 3
    while start and before:  # back over up to `before` words
        start = text.rfind(" ", 0, start - 1) + 1
        before -= 1
    end = _WINDOW_END.match(text, start)  # in C, and only over the window: None when the text ends first
    window = text[start : end.end() - 1] if end else text[start:]
    prefix = "… " if start else ""
    suffix = " …" if end else ""
    return f"{prefix}{_marked(window, stems)}{suffix}"


def _marked(window: str, stems: frozenset[str]) -> str:
    """The window as escaped HTML, each word with one of the stems in <mark>.

    In ASCII text, only the words that start like a stem (_candidates) are stemmed; any
    other text is split into words, each stemmed (a few characters change length when
    lower-cased, and then no prefix can be trusted)."""
    if not stems:
        return escape(window) if _HTML_SPECIAL.search(window) else window
    if not window.isascii():
        return _marked_word_by_word(window, stems)
    pieces = []  # text between marks, a mark, text between marks, ...
    done = 0
    for match in _candidates(stems).finditer(window):
        word = match.group()
        if stem(word) in stems:
            pieces += [window[done : match.start()], f"<mark>{word}</mark>"]
            done = match.end()
    pieces.append(window[done:])
    if _HTML_SPECIAL.search(window):  # a word holds no character HTML escapes
        pieces[::2] = map(escape, pieces[::2])
    return "".join(pieces)


def _marked_word_by_word(window: str, stems: frozenset[str]) -> str:
    pieces = _TOKENS.split(window)  # text between words, a word, text between words, ...
    for at in range(1, len(pieces), 2):  # a word holds no character HTML escapes
        if stem(pieces[at]) in stems:
            pieces[at] = f"<mark>{pieces[at]}</mark>"
    if _HTML_SPECIAL.search(window):
        for at in range(0, len(pieces), 2):
            pieces[at] = escape(pieces[at])
    return "".join(pieces)


_TOKENS = re.compile(r"(\w+)", re.UNICODE)
_HTML_SPECIAL = re.compile(r"[&<>\"']")
