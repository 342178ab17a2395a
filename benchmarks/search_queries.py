"""The query mix of the search benchmark, drawn from the realistic corpus that seed_demo --realistic wrote.

The articles are regenerated from their seed (content/demo/english.py), so the
mix knows how many pages hold each word without asking the database. Classes:
head (a word in more than 10% of pages), torso (0.1% to 10%), tail (fewer than
0.1%), two and three words, quoted phrases, and misspellings of torso words.
"""

import collections
import random
import re

from content.demo.english import article_text, english

WORD = re.compile(r"[a-z]+")
# PostgreSQL's english stop words: they match nothing, so they make no query class.
_STOP_WORDS = """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these those
    am is are was were be been being have has had having do does did doing a an the and but if or because
    as until while of at by for with about against between into through during before after above below
    to from up down in out on off over under again further then once here there when where why how all
    any both each few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
CLASSES = ("head", "torso", "tail", "two_words", "three_words", "phrase", "typo")


def document_frequencies(seed: int, articles: int) -> tuple[collections.Counter, list[list[str]]]:
    """How many articles hold each word, and each article's body words in order."""
    counts, bodies = collections.Counter(), []
    for number in range(1, articles + 1):
        text = article_text(seed, number)
        words = WORD.findall(" ".join([text.title, text.summary, *text.paragraphs, *text.tags]).lower())
        counts.update(set(words))
        bodies.append(words)
    return counts, bodies


def _misspell(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 1)
    edits = [
        word[:at] + word[at + 1 :],  # a letter dropped
        word[:at] + word[at + 1] + word[at] + word[at + 2 :],  # two swapped
        word[:at] + rng.choice("aeiou") + word[at + 1 :],  # a vowel for a letter
    ]
    return rng.choice(edits)


def query_mix(seed: int, articles: int, per_class: int = 40) -> dict[str, list[str]]:
    counts, bodies = document_frequencies(seed, articles)
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
    words = [word for word in counts if word not in STOP_WORDS and len(word) > 2]
    share = {word: counts[word] / articles for word in words}
    head = sorted((w for w in words if share[w] > 0.10), key=lambda w: -share[w])
    torso = sorted(w for w in words if 0.001 <= share[w] <= 0.10)
    tail = sorted(w for w in words if share[w] < 0.001 and len(w) > 4)
    vocabulary = set(english().words)
    pick = lambda pool, n: rng.sample(pool, min(n, len(pool)))  # noqa: E731
    mix = {
        "head": pick(head, per_class),
        "torso": pick(torso, per_class),
        "tail": pick(tail, per_class),
        "two_words": [" ".join(pick(torso, 1) + pick(head + torso, 1)) for _ in range(per_class)],
        "three_words": [" ".join(pick(torso, 2) + pick(head, 1)) for _ in range(per_class)],
        "phrase": [_phrase(rng, bodies) for _ in range(per_class)],
        "typo": [],
    }
    long_torso = [word for word in torso if len(word) >= 6]
    while len(mix["typo"]) < per_class:
        wrong = _misspell(rng.choice(long_torso), rng)
        if wrong not in vocabulary:
            mix["typo"].append(wrong)
    mix["broadest_head"] = head[:1]
    mix["suggest"] = [word[: rng.randint(3, 5)] for word in pick(torso + head, per_class)]
    return mix


def _phrase(rng: random.Random, bodies: list[list[str]]) -> str:
    body = rng.choice(bodies)
    while True:
        at = rng.randrange(len(body) - 1)
        pair = body[at : at + 2]
        if not set(pair) & STOP_WORDS:
            return f'"{pair[0]} {pair[1]}"'
