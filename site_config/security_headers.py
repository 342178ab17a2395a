"""Security headers Django does not set itself: Permissions-Policy, and the admin's CSP exception.

(SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy and, in
production, HSTS; XFrameOptionsMiddleware sends X-Frame-Options.)
"""

from csp.constants import UNSAFE_INLINE
from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AdminScriptPolicyMiddleware:
    """Lets the Wagtail admin run its inline scripts; the site, the API and previews stay strict.

    Wagtail 8's admin pages still carry inline <script> elements (the browser journey
    test lists what a strict policy refuses). Listed after django-csp's middleware, so
    it sees the response first and django-csp applies the update.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": [UNSAFE_INLINE]}
        return response
