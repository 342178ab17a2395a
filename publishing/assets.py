"""The static files the export's templates use, content-hashed by Django's own storage."""

import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.storage import FileSystemStorage

from .build import BuildDir, BuildError

STYLESHEET = "publishing/site.css"
SEARCH_SCRIPT = "publishing/search.js"
ASSETS = (STYLESHEET, SEARCH_SCRIPT)


def _source(name: str) -> tuple[FileSystemStorage, str]:
    found = finders.find(name)
    if not found:
        raise BuildError(f"the static file {name} that the export's templates use was not found")
    location = str(found).removesuffix(name)
    return FileSystemStorage(location=location), name


def write_static_assets(build: BuildDir, folder: str) -> dict[str, str]:
    """Write each asset under folder/static/ with a hashed name; return its URL by logical name.

    ManifestStaticFilesStorage names files after their content (and rewrites
    url() references in CSS), which is what lets them be cached for a year.
    Its url() gives the unhashed name when DEBUG is on, which the build does not
    contain: force=True asks for the hashed one under any settings.
    """
    urls = {}
    with tempfile.TemporaryDirectory() as workdir:
        hashed = ManifestStaticFilesStorage(location=workdir, base_url="/static/")
        sources = {name: _source(name) for name in ASSETS}
        for name, (storage, path) in sources.items():
            with storage.open(path) as handle:
                hashed.save(name, handle)
        for name, _stored, processed in hashed.post_process(sources):
            if isinstance(processed, Exception):
                raise BuildError(f"the static file {name} could not be processed: {processed}")
        for name in ASSETS:
            stored = hashed.stored_name(name)
            build.write(f"{folder}static/{stored}", Path(workdir, stored).read_bytes(), "static")
            urls[name] = hashed.url(name, force=True)
    return urls
