"""/preview/: the preview client used when no PREVIEW_CLIENT_URL is set.

It renders the preview endpoint's JSON with the export's own templates, so a draft
looks exactly as the exported page will. Wagtail's preview panel frames it, so this
route alone may be framed, and only by the admin's origin.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from content.api.preview import PREVIEW_HEADERS, draft_json, load_draft
from content.pages.preview import PreviewLinkError
from content.serialization.fields import public_base_url
from content.serialization.site_json import site_json

from .assets import STYLESHEET
from .render import SiteChrome, page_html, page_language


def admin_origin() -> str:
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def frame_ancestors() -> list[str]:
    return ["'self'", *filter(None, [admin_origin()])]


def _render(content_type: str, token: str) -> tuple[str, int]:
    try:
        draft = load_draft(content_type, token)
    except PreviewLinkError as error:
        context = {"message": str(error), "lang": page_language()}
        return get_template("publishing/preview_unavailable.html").render(context), 404
    query = urlencode({"content_type": content_type, "token": token})
    api_url = f"{reverse('wagtailapi:preview:listing')}?{query}"
    page = draft_json(draft, media_base="", detail_url=api_url)
    chrome = SiteChrome(
        site=site_json(draft.site, media_base=""),
        base_url=public_base_url(draft.site),
        stylesheet=static(STYLESHEET),
    )
    return page_html(chrome, page, canonical_url="", preview=True), 200


@require_safe
@xframe_options_exempt
def preview_page(request) -> HttpResponse:
    html, status = _render(request.GET.get("content_type", ""), request.GET.get("token", ""))
    response = HttpResponse(html, status=status)
    for header, value in PREVIEW_HEADERS.items():
        response[header] = value
    # What django-csp's csp_replace decorator sets; made per response because the
    # admin's origin is a setting.
    response._csp_replace = {"frame-ancestors": frame_ancestors()}
    return response
