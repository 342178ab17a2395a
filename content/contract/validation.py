"""Checks an API response against the committed contract in frontend-contract/schema/."""

import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings

from .registry import load_documents, validator_for

SCHEMA_FOLDER = Path(settings.BASE_DIR) / "frontend-contract" / "schema"
ROUTES = [
    (re.compile(r"^/api/v2/pages/$"), "pages-listing"),
    (re.compile(r"^/api/v2/pages/\d+/$"), "page"),
    (re.compile(r"^/api/v2/images/$"), "images-listing"),
    (re.compile(r"^/api/v2/images/\d+/$"), "image"),
    (re.compile(r"^/api/v2/documents/$"), "documents-listing"),
    (re.compile(r"^/api/v2/documents/\d+/$"), "document"),
    (re.compile(r"^/api/v2/redirects/$"), "redirects-listing"),
    (re.compile(r"^/api/v2/redirects/\d+/$"), "redirect"),
    (re.compile(r"^/api/v2/site/$"), "site"),
    (re.compile(r"^/api/v2/preview/$"), "preview"),
    (re.compile(r"^/api/v2/search/$"), "search-results"),
    (re.compile(r"^/api/v2/search/suggest/$"), "search-suggestions"),
    (re.compile(r"^/api/v2/changes/$"), "changes"),
]


@cache
def _documents() -> dict[str, dict]:
    return load_documents(SCHEMA_FOLDER)


def schema_name_for(path: str, query: dict, status: int) -> str | None:
    """The schema a response must match; None for those the contract does not describe."""
    if not path.startswith("/api/v2/") or status in (301, 302, 304) or status >= 500:
        return None
    if status >= 400:
        return "error"
    for pattern, name in ROUTES:
        if pattern.match(path):
            if "fields" not in query or name == "pages-listing":
                return name
            # A page with ?fields= is a partial page; other objects' fields are not described.
            return "page-listing-item" if name == "page" else None
    return None


def check_response(path: str, query: dict, status: int, body: bytes) -> None:
    name = schema_name_for(path, query, status)
    if name is None:
        return
    data = json.loads(body)
    problems = [_describe(error) for error in validator_for(name, _documents()).iter_errors(data)]
    if query.get("fields") == "*" and name == "pages-listing":
        page = validator_for("page", _documents())
        problems += [_describe(error) for item in data["items"] for error in page.iter_errors(item)]
    if problems:
        raise AssertionError(f"{path} does not match {name}.json:\n" + "\n".join(problems[:10]))


def _describe(error) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "(root)"
    return f"  at {where}: {error.message[:300]}"
