"""?search= through Wagtail's search backend, with input no backend chokes on.

SQLite's full-text search fails with a syntax error on an unbalanced double
quote (PostgreSQL does not); such a quote is dropped, balanced ones still mark
a phrase.
"""

from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError


def normalise_search(text: str) -> str:
    return text.replace('"', " ") if text.count('"') % 2 else text


class PublicSearchFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        query = normalise_search(request.GET["search"])
        if not query.strip():
            return queryset.none()  # nothing left to search for
        try:
            return get_search_backend().search(
                query,
                queryset,
                operator=request.GET.get("search_operator"),
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(f"cannot filter by '{error.field_name}' while searching") from error
        except OrderByFieldError as error:
            raise BadRequestError(f"cannot order by '{error.field_name}' while searching") from error


def with_public_search(backends: list) -> list:
    """A viewset's filter backends with Wagtail's SearchFilter swapped for PublicSearchFilter."""
    return [PublicSearchFilter if backend is SearchFilter else backend for backend in backends]
