"""The build folder: files written once each, with their manifest entries.

A build is written into a staging folder beside the output and only swapped into
place when the whole export succeeded, so a failed export leaves the previous
build (and so what would be published) untouched.
"""

import os
import shutil
import threading
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
        # A staged incremental build hard-links the previous build's files: writing
        # through the link would change the previous build too, so a new file it is.
        target.unlink(missing_ok=True)
        target.write_bytes(data)

    def remove(self, path: str) -> None:
        """Take a file carried over from the previous build out (it is written again, or goes)."""
        del self.files[path]
        (self.root / path).unlink()

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


def link_previous_build(previous: Path, staging: Path, files: dict[str, dict], extra: set[str]) -> None:
    """Hard-link every file of the previous build into the (empty) staging folder.

    Much faster than copying (no bytes move) and safe, as BuildDir.write never writes
    through a link. Raises BuildError when the folder does not hold exactly the
    files its manifest lists, plus extra.
    """
    expected = files.keys() | extra
    found = 0
    source_root, target_root = str(previous), str(staging)
    for folder, _dirs, names in os.walk(source_root):
        relative = folder[len(source_root) + 1 :]
        target = os.path.join(target_root, relative) if relative else target_root
        os.makedirs(target, exist_ok=True)
        for name in names:
            if (f"{relative}/{name}" if relative else name) not in expected:
                raise BuildError(f"the previous build has {relative}/{name}, not in its manifest")
            os.link(os.path.join(folder, name), os.path.join(target, name))
            found += 1
    if found != len(expected):
        raise BuildError("files its manifest lists are missing from the previous build")


_cleanup: list[threading.Thread] = []


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace output with the finished build (two renames; the old build is removed last).

    The old build is removed by a thread, as unlinking tens of thousands of files takes
    seconds that a publish need not wait for (the process waits for it before exiting).
    """
    wait_for_cleanup()
    previous = output.with_name(f".{output.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    thread = threading.Thread(target=shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True})
    thread.start()
    _cleanup.append(thread)


def wait_for_cleanup() -> None:
    """Wait until old builds are removed."""
    while _cleanup:
        _cleanup.pop().join()
