"""The build folder: files written once each, with their manifest entries.

A build is written into a staging folder beside the output and only swapped into
place when the whole export succeeded, so a failed export leaves the previous
build (and so what would be published) untouched.
"""

import shutil
from pathlib import Path

from .manifest import MANIFEST_NAME, check_path, file_entry, manifest_bytes


class BuildError(Exception):
    """An export that cannot finish; the message names what failed."""


class BuildDir:
    """Writes files under a root folder and keeps the manifest entry of each."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, dict] = {}

    def write(self, path: str, data: bytes | str, kind: str, website_redirect: str | None = None) -> None:
        check_path(path)
        if path in self.files or path == MANIFEST_NAME:
            raise BuildError(f"two things in the export would be written to {path}")
        if isinstance(data, str):
            data = data.encode()
        self.files[path] = file_entry(path, data, kind, website_redirect)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def add(self, files: dict[str, dict]) -> None:
        """Take in the entries of files another process wrote under the same root."""
        clash = self.files.keys() & files.keys()
        if clash:
            raise BuildError(f"two things in the export would be written to {min(clash)}")
        self.files.update(files)

    def write_manifest(self) -> None:
        (self.root / MANIFEST_NAME).write_bytes(manifest_bytes(self.files))


def staging_dir(output: Path) -> Path:
    staging = output.with_name(f".{output.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace output with the finished build (two renames; the old build is removed last)."""
    previous = output.with_name(f".{output.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
