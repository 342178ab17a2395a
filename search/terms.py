"""A search query as terms: each quoted phrase or bare token the visitor typed, and every word in it.

Nothing the visitor types is passed to a query parser as syntax: PostgreSQL gets
each term through phraseto_tsquery/plainto_tsquery, SQLite's FTS5 each term as a
quoted string, so operators and quotes are words or nothing, never errors.
"""

import re
from dataclasses import dataclass

TERM = re.compile(r'"([^"]*)"|([^\s"]+)')
WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 32  # q is at most 200 characters; this bounds the SQL a query builds


@dataclass(frozen=True)
class Terms:
    phrases: tuple[str, ...]  # every quoted phrase and bare token that holds a word
    words: tuple[str, ...]  # the words of all of them, lower case, each once

    def __bool__(self) -> bool:
        return bool(self.words)


def parse(q: str) -> Terms:
    phrases, words = [], []
    for quoted, bare in TERM.findall(q):
        term = quoted or bare
        found = [word.lower() for word in WORD.findall(term)]
        if found:
            phrases.append(" ".join(found))
            words += [word for word in found if word not in words]
    return Terms(tuple(phrases[:MAX_TERMS]), tuple(words[:MAX_TERMS]))
