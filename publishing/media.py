"""The media an export ships: only renditions and documents that exported files link to.

Never the media folder, never an original image, never a document from a private
collection: the list comes from the URLs in the written pages, and documents are
looked up again through the public filter before they are copied.
"""

from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage

from content.api.visibility import public_documents

from .build import BuildDir, BuildError


def copy_media(build: BuildDir, folder: str, urls: set[str]) -> int:
    """Copy each file under MEDIA_URL that pages link to; returns the bytes copied."""
    copied = 0
    for url in sorted(urls):
        name = unquote(url.removeprefix(settings.MEDIA_URL))
        if name.startswith("original_images/"):
            raise BuildError(f"an exported page links to an original image, {url}; only renditions ship")
        try:
            with default_storage.open(name) as handle:
                data = handle.read()
        except OSError as exc:
            raise BuildError(
                f"the media file {url}, linked from an exported page, cannot be read: {exc}"
            ) from exc
        build.write(f"{folder}{url.lstrip('/')}", data, "media")
        copied += len(data)
    return copied


def copy_documents(build: BuildDir, folder: str, document_ids: set[int]) -> int:
    """Copy each public document pages link to, at the URL Wagtail serves it from."""
    copied = 0
    documents = {document.pk: document for document in public_documents().filter(pk__in=document_ids)}
    for pk in sorted(document_ids):
        document = documents.get(pk)
        if document is None:
            raise BuildError(f"an exported page links to document {pk}, which is not public")
        try:
            with document.file.open("rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise BuildError(
                f'the file of document "{document.title}" (id {pk}) cannot be read: {exc}'
            ) from exc
        build.write(f"{folder}{document.url.lstrip('/')}", data, "document")
        copied += len(data)
    return copied
