"""Checks query parameters before any reaches the database, so bad input is a 400, not a 500."""

from django.http import QueryDict
from wagtail.api.v2.utils import BadRequestError

MAX_PARAMETER_LENGTH = 500
MAX_ID = 2**31 - 1  # Wagtail's ids are 32-bit integers on PostgreSQL
INTEGER_PARAMETERS = (
    "id",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "limit",
    "offset",
    "site_id",
)
SEARCH_OPERATORS = ("and", "or")


def check_query(query: QueryDict) -> None:
    for name, values in query.lists():
        if len(values) > 1:
            raise BadRequestError(f"{name} may be given only once")
        value = values[0]
        if len(value) > MAX_PARAMETER_LENGTH:
            raise BadRequestError(f"{name} is longer than {MAX_PARAMETER_LENGTH} characters")
        if "\x00" in value or "\x00" in name:
            raise BadRequestError(f"{name} contains a null character")
        if name in INTEGER_PARAMETERS:
            check_integer(name, value)
    operator = query.get("search_operator")
    if operator is not None and operator not in SEARCH_OPERATORS:
        raise BadRequestError("search_operator must be 'and' or 'or'")
    if "search" in query and not query["search"].strip():
        raise BadRequestError("search must not be empty")


def check_integer(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        if name in ("child_of", "descendant_of") and value == "root":
            return 0
        raise BadRequestError(f"{name} must be a whole number between 0 and {MAX_ID}")
    return int(value)


def requested_fields(
    raw: str | None, known: tuple[str, ...], default: tuple[str, ...]
) -> tuple[str, ...] | None:
    """The fields named by ?fields=: None means every field of each item's type.

    Follows Wagtail's syntax: names add to the defaults, '-name' removes one, '_'
    starts from nothing and '*' asks for everything. Nested selections are refused.
    """
    if raw is None or raw == "":
        return default
    names = [name.strip() for name in raw.split(",") if name.strip()]
    if any("(" in name or ")" in name for name in names):
        raise BadRequestError("nested field selection is not supported")
    if "*" in names:
        return None
    chosen = [] if "_" in names else list(default)
    unknown = sorted({name.lstrip("-") for name in names if name != "_"} - set(known))
    if unknown:
        raise BadRequestError(f"unknown fields: {', '.join(unknown)}")
    for name in names:
        if name.startswith("-"):
            chosen = [field for field in chosen if field != name[1:]]
        elif name != "_" and name not in chosen:
            chosen.append(name)
    return tuple(chosen)
