"""Headless preview for every page type: expiring signed tokens and where the preview client lives.

wagtail-headless-preview stores each draft the editor previews as a PagePreview row
under a signed token; its own check never expires a token, so ours does, on every use.
"""

from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired
from django.urls import reverse
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview


class PreviewLinkError(Exception):
    """A preview link that cannot be shown; the message says why, in words an editor understands."""


class ExpiringPreviewMixin(HeadlessPreviewMixin):
    def get_client_root_url(self, request) -> str:
        """PREVIEW_CLIENT_URL (an external frontend), else this project's own renderer.

        The renderer's URL is relative: Wagtail previews with a fake request built from
        the Site's address, which need not be the admin's, and the frame must load from
        wherever the admin is.
        """
        return settings.PREVIEW_CLIENT_URL or reverse("page_preview")

    @classmethod
    def check_preview_token(cls, token: str) -> str:
        """The identifier the token was signed for ("id=<pk>" or "parent_id=<pk>;page_type=...")."""
        try:
            return cls.get_preview_signer().unsign(token, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
        except SignatureExpired as error:
            message = "this preview link has expired: open the preview again from the editor"
            raise PreviewLinkError(message) from error
        except BadSignature as error:
            raise PreviewLinkError("this preview link is not valid") from error

    @classmethod
    def get_page_from_preview_token(cls, token: str):
        cls.check_preview_token(token)
        return super().get_page_from_preview_token(token)


def purge_expired_previews() -> int:
    """Delete the stored drafts whose tokens no longer open; returns how many."""
    signer = ExpiringPreviewMixin.get_preview_signer()
    stale = []
    for pk, token in PagePreview.objects.values_list("pk", "token").iterator():
        try:
            signer.unsign(token, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
        except BadSignature:  # expired or never valid
            stale.append(pk)
    return PagePreview.objects.filter(pk__in=stale).delete()[0]
