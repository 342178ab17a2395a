"""The media an export ships: only renditions and documents that exported files link to.

Never the media folder, never an original image, never a document from a private
collection: the list comes from the URLs in the written pages, and documents are
looked up again through the public filter before they are copied.
"""

from functools import partial
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from wagtail.images import get_image_model

from content.serialization.visibility import public_collection_ids, public_documents

from .build import BuildDir, BuildError


def _read(open_file, what: str) -> bytes:
    try:
        with open_file() as handle:
            return handle.read()
    except OSError as exc:
        raise BuildError(f"{what} cannot be read: {exc}") from exc


def public_rendition_files(names: set[str]) -> set[str]:
    """Those of the storage names that are renditions of images in public collections."""
    renditions = get_image_model().get_rendition_model().objects
    query = renditions.filter(image__collection__in=public_collection_ids(), file__in=names)
    return set(query.values_list("file", flat=True))


def copy_media(build: BuildDir, folder: str, urls: set[str]) -> int:
    """Copy the renditions of public images that pages link to; returns how many.

    Anything else that merely looks like a media URL (a path typed in a paragraph,
    a private document's file) is not copied: pages can only link to renditions.
    """
    copied = 0
    names = {url: unquote(url.removeprefix(settings.MEDIA_URL)) for url in urls}
    shippable = public_rendition_files(set(names.values()))
    for url, name in sorted(names.items()):
        if name not in shippable:
            continue
        data = _read(partial(default_storage.open, name), f"the media file {url}, linked from a page,")
        build.write(f"{folder}{unquote(url).lstrip('/')}", data, "media")
        copied += 1
    return copied


def copy_documents(build: BuildDir, folder: str, document_ids: set[int]) -> int:
    """Copy each public document pages link to, at the URL Wagtail serves it from; returns how many."""
    copied = 0
    documents = {document.pk: document for document in public_documents().filter(pk__in=document_ids)}
    for pk in sorted(document_ids):
        document = documents.get(pk)
        if document is None:
            raise BuildError(f"an exported page links to document {pk}, which is not public")
        data = _read(partial(document.file.open, "rb"), f'the file of document "{document.title}" (id {pk})')
        # The URL is percent-encoded; the CDN looks the decoded path up as the key.
        build.write(f"{folder}{unquote(document.url).lstrip('/')}", data, "document")
        copied += 1
    return copied
