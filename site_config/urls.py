"""The root URL configuration: admin, documents, then Wagtail's page serving."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from publishing.live_search import live_search
from publishing.preview import preview_page
from site_config.api import api_not_found, api_router
from site_config.health import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v2/", api_router.urls),
    # Anything else under /api/ is a JSON 404, never the site's HTML error page.
    re_path(r"^api/", api_not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The built-in preview client (PREVIEW_CLIENT_URL unset); the underscore keeps it off page slugs.
    path("_preview/", preview_page, name="page_preview"),
    # The live site's search page (an editor's page at /search/ still wins); the export's is Pagefind.
    path("search/", live_search, name="live_search"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
