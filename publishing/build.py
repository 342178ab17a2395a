"""The build folder: files written once each, with their manifest entries.

A build is written into a staging folder beside the output, and the output changes
only once the whole export succeeded, so a failed export leaves the previous build
(and so what would be published) untouched. A full build is swapped into place. An
incremental one stages only the files it writes: the files it keeps stay where they
are in the previous build (its base), and at the end the staged files are moved
over it and the files it no longer has are removed (update_in_place).
"""

import os
import shutil
import threading
from pathlib import Path

from .manifest import MANIFEST_NAME, check_path, file_entry, manifest_bytes


class BuildError(Exception):
    """An export that cannot finish; the message names what failed."""


class BuildDir:
    """Writes files under a root folder and keeps the manifest entry of each.

    base: the previous build an incremental export starts from. Its files are part
    of this build (their entries are in files) until removed or written again.
    """

    def __init__(self, root: Path, base: Path | None = None):
        self.root, self.base = root, base
        self.files: dict[str, dict] = {}

    def path_of(self, path: str) -> Path:
        """Where the file is now: written by this run, else kept in the base."""
        staged = self.root / path
        return self.base / path if self.base is not None and not staged.exists() else staged

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

    def remove(self, path: str) -> None:
        """Take a file kept from the base out of the build (it is written again, or goes)."""
        del self.files[path]
        (self.root / path).unlink(missing_ok=True)

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


def check_previous_build(previous: Path, files: dict[str, dict], extra: set[str]) -> None:
    """Raise BuildError unless the folder holds exactly the files its manifest lists, plus extra."""
    expected = files.keys() | extra
    found = 0
    root = str(previous)
    for folder, _dirs, names in os.walk(root):
        relative = folder[len(root) + 1 :]
        for name in names:
            if (f"{relative}/{name}" if relative else name) not in expected:
                raise BuildError(f"the previous build has {relative}/{name}, not in its manifest")
            found += 1
    if found != len(expected):
        raise BuildError("files its manifest lists are missing from the previous build")


def update_in_place(staging: Path, output: Path, gone: set[str], last: tuple[str, ...]) -> None:
    """Move the files staged by an incremental export over the previous build, and remove gone.

    The files named in last (the manifest and the export state) are taken out of the
    output first and moved in last: a run stopped half-way leaves a folder that
    publishing refuses ("no readable build") and the next export builds in full.
    Each file is replaced by a rename, so no reader ever sees half a file.
    """
    for name in reversed(last):
        (output / name).unlink(missing_ok=True)
    root = str(staging)
    for folder, _dirs, names in os.walk(root):
        relative = folder[len(root) + 1 :]
        target = os.path.join(str(output), relative) if relative else str(output)
        os.makedirs(target, exist_ok=True)
        for name in names:
            if relative or name not in last:
                os.replace(os.path.join(folder, name), os.path.join(target, name))
    for path in gone:
        (output / path).unlink(missing_ok=True)
    _remove_empty_folders(output, {Path(path).parent for path in gone})
    for name in last:
        os.replace(staging / name, output / name)
    shutil.rmtree(staging)


def _remove_empty_folders(root: Path, folders: set[Path]) -> None:
    """Remove these folders under root, then their parents, while empty (a full build has none)."""
    for folder in sorted(folders, key=lambda folder: len(folder.parts), reverse=True):
        while folder.parts:
            try:
                (root / folder).rmdir()
            except OSError:  # not empty, or already gone
                break
            folder = folder.parent


_cleanup: list[threading.Thread] = []


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace output with the finished full build (two renames; the old build is removed last).

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
