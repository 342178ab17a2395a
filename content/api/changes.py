"""GET /api/v2/changes/?since=<seq>: the change feed of the requested site, for frontends catching up.

Entries come in sequence order after `since` (exclusive), at most `limit` at a time;
meta.last_seq is the `since` of the next request, meta.has_more says whether to
make it. Entries are appended when the task worker (or a reader) has stored a
document anew, so the feed follows a publish by the time a rebuild takes. Every
answer is computed afresh: the feed moves with every change, so no response is kept.
"""

from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Site

from content.delivery.changes import entry_json
from content.delivery.models import DocumentChange

from .views import PublicEndpointMixin

PARAMETERS = frozenset({"since", "limit", "site"})
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_SEQ = 2**63 - 1


def whole_number(name: str, value: str, low: int, high: int) -> int:
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise BadRequestError(f"{name} must be a whole number between {low} and {high}")
    return int(value)


class ChangesEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    """The site's change feed: which pages' documents were created, updated or deleted, and where."""

    name = "changes"
    model = Site
    known_query_parameters = frozenset()
    kept_statuses = ()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "no-cache"  # the feed moves with every change: revalidate each time
        return response

    def listing_view(self, request):
        unknown = sorted(set(request.GET) - PARAMETERS)
        if unknown:
            raise BadRequestError(f"unknown parameters: {', '.join(unknown)}")
        since = whole_number("since", request.GET.get("since", "0"), 0, MAX_SEQ)
        limit = whole_number("limit", request.GET.get("limit", str(DEFAULT_LIMIT)), 1, MAX_LIMIT)
        feed = DocumentChange.objects.filter(site_id=self.site.pk, seq__gt=since).order_by("seq")
        entries = list(feed[: limit + 1])
        more = len(entries) > limit
        entries = entries[:limit]
        meta = {"since": since, "last_seq": entries[-1].seq if entries else since, "has_more": more}
        return Response({"meta": meta, "items": [entry_json(entry) for entry in entries]})

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
