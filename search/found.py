"""What an engine returns for one search: the window of page ids, their snippets, and the bounded total."""

from dataclasses import dataclass, field

# A query ranks at most this many candidate pages and counts at most this many matches;
# beyond it the total is reported as "at least" (docs/search.md).
RANKED_LIMIT = 300


@dataclass
class Found:
    page_ids: list[int] = field(default_factory=list)
    snippets: dict[int, str] = field(default_factory=dict)
    total: int = 0
    exact: bool = True  # False: at least `total` pages match
    # when nothing matched and the search read them too: the query's unknown words and their
    # neighbours (vocabulary.unknown_with_corrections); None when it did not
    unknown: dict[str, list[str]] | None = None
