"""Wagtail's redirects, for the site's own paths only.

Wagtail's RedirectMiddleware looks up a redirect for every 404, which costs a site
lookup and a query. Redirects are the editors' old page paths, never API paths: the
API reports them at /api/v2/redirects/ and /api/v2/pages/find/ answers them itself.
So a 404 from the API (an unknown id, a path that is not there) skips the lookup,
and a stream of bad API requests costs no more database work than it must.
"""

from wagtail.contrib.redirects.middleware import RedirectMiddleware

from site_config.api import API_PREFIX


class SiteRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
