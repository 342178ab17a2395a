"""did_you_mean: a query whose words match nothing, rewritten with the nearest words of the site's vocabulary.

A correction is offered only when it finds a live, public page (query.run_search
checks), so it can never reveal a word that only a private page holds, even if the
vocabulary were behind.
"""

import re

from . import vocabulary

ATTEMPTS = 2  # corrected queries tried at most: the best and the second-best word for each unknown one


def candidates(q: str, unknown: dict[str, list[str]] | None = None) -> list[str]:
    """Rewrites of q, most likely first; empty when every word is known or none has a near neighbour.
    unknown: q's unknown words with their neighbours, if already read (else read here)."""
    if unknown is None:
        unknown = vocabulary.unknown_with_corrections(vocabulary.words_of(q))
    options = {word: found for word, found in unknown.items() if found}
    if not options:
        return []
    rewrites = []
    for attempt in range(ATTEMPTS):
        choice = {word: found[min(attempt, len(found) - 1)] for word, found in options.items()}
        rewritten = re.sub(r"[^\W\d_]+", lambda match, choice=choice: _replace(match, choice), q)
        if rewritten not in rewrites:
            rewrites.append(rewritten)
    return rewrites


def _replace(match: re.Match, choice: dict[str, str]) -> str:
    return choice.get(match.group().lower(), match.group())
