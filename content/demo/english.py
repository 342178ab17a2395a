"""Article text whose words follow real English frequencies, for benchmarks that need a real vocabulary.

Words are drawn from wordfreq's English list (bundled with the package, read
offline) with their real frequencies, so a few words are in most articles and
most words in very few, as on a real site. Everything is drawn from a
random.Random seeded per article: the same seed and number give the same text.
wordfreq is a development dependency; only `seed_demo --realistic` imports this.
"""

import bisect
import functools
import itertools
import random
from dataclasses import dataclass

VOCABULARY_SIZE = 30_000
TAG_COUNT = 300
# Tags come from the common words with a meaning of their own, not "the" or "and".
TAG_RANKS = range(400, 6_000)


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]
    cumulative: tuple[float, ...]
    tags: tuple[str, ...]

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


@functools.cache
def english() -> Vocabulary:
    try:
        from wordfreq import get_frequency_dict
    except ImportError as error:  # a runtime-only install
        raise RuntimeError("realistic articles need wordfreq: pip install -r requirements-dev.txt") from error
    frequencies = get_frequency_dict("en", wordlist="best")
    ranked = sorted(
        ((word, share) for word, share in frequencies.items() if word.isalpha() and word.isascii()),
        key=lambda item: (-item[1], item[0]),
    )[:VOCABULARY_SIZE]
    words = tuple(word for word, _ in ranked)
    cumulative = tuple(itertools.accumulate(share for _, share in ranked))
    tag_pool = [word for word in words[TAG_RANKS.start : TAG_RANKS.stop] if len(word) > 3]
    tags = tuple(random.Random(0).sample(tag_pool, TAG_COUNT))  # noqa: S311 (test data, not secrets)
    return Vocabulary(words, cumulative, tags)


def sentence(vocabulary: Vocabulary, rng: random.Random, low: int = 6, high: int = 22) -> str:
    words = vocabulary.draw(rng, rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraphs(vocabulary: Vocabulary, rng: random.Random, word_count: int) -> list[str]:
    """About word_count words as paragraphs of 40 to 160 words."""
    result, written = [], 0
    while written < word_count:
        size = min(rng.randint(40, 160), word_count - written)
        text, count = [], 0
        while count < size:
            words = vocabulary.draw(rng, min(rng.randint(6, 22), size - count))
            text.append(" ".join(words).capitalize() + ".")
            count += len(words)
        result.append(" ".join(text))
        written += size
    return result


@dataclass(frozen=True)
class ArticleText:
    title: str
    summary: str
    headings: list[str]
    paragraphs: list[str]
    quote: str
    tags: list[str]


def article_text(seed: int, number: int) -> ArticleText:
    """The text of archive article `number`: 300 to 1,500 words of body, a title of 3 to 9 words."""
    vocabulary = english()
    rng = random.Random(f"{seed}:{number}")  # noqa: S311 (test data, not secrets)
    title = " ".join(vocabulary.draw(rng, rng.randint(3, 9))).capitalize()
    summary = sentence(vocabulary, rng, 12, 30)
    body = paragraphs(vocabulary, rng, rng.randint(300, 1_500))
    headings = [" ".join(vocabulary.draw(rng, rng.randint(2, 5))).capitalize() for _ in range(2)]
    quote = sentence(vocabulary, rng, 8, 20)
    # Tags follow a Zipf-like curve too: a few are on many articles.
    picks = {vocabulary.tags[_zipf_index(rng, len(vocabulary.tags))] for _ in range(rng.randint(1, 4))}
    return ArticleText(title, summary, headings, body, quote, sorted(picks))


@functools.cache
def _zipf_cumulative(size: int) -> tuple[float, ...]:
    return tuple(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


def _zipf_index(rng: random.Random, size: int) -> int:
    cumulative = _zipf_cumulative(size)
    return min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), size - 1)
