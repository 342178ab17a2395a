"""Security headers Django does not set itself: Permissions-Policy on every response.

(SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy and, in
production, HSTS; XFrameOptionsMiddleware sends X-Frame-Options.)
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
