"""Writes frontend-contract/ from the code, and checks the committed copy against it."""

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .compare import Change, compare
from .openapi import openapi_document
from .registry import CONTRACT_VERSION, load_documents, schema_documents
from .typescript import types_files, write_types


def render(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write_contract(root: Path) -> int:
    """Write every schema (removing stale ones) and the version file; returns the schema count."""
    folder = root / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    documents = schema_documents()
    for stale in {p.name for p in folder.glob("*.json")} - documents.keys():
        (folder / stale).unlink()
    for name, document in documents.items():
        (folder / name).write_text(render(document))
    (root / "contract.json").write_text(render({"version": CONTRACT_VERSION}))
    (root / "openapi.json").write_text(render(openapi_document()))
    write_types(root / "types", documents)
    return len(documents)


def unified_diff(root: Path, limit: int = 60) -> list[str]:
    """Line differences between the committed files and what the code generates."""
    generated = {f"schema/{name}": render(doc) for name, doc in schema_documents().items()}
    generated |= generated_files(schema_documents())
    lines = []
    for name, expected in sorted(generated.items()):
        path = root / name
        committed = path.read_text().splitlines() if path.exists() else []
        lines += difflib.unified_diff(
            committed, expected.splitlines(), f"committed/{name}", f"generated/{name}", lineterm="", n=1
        )
    return lines[:limit] + ([f"... ({len(lines) - limit} more lines)"] if len(lines) > limit else [])


@dataclass
class CheckResult:
    changes: list[Change] = field(default_factory=list)
    committed_version: str = ""
    version: str = CONTRACT_VERSION

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.kind == "breaking"]

    @property
    def needs_major_bump(self) -> bool:
        major = self.version.split(".")[0]
        return bool(self.breaking) and major == self.committed_version.split(".")[0]


def check_contract(root: Path) -> CheckResult:
    committed = load_documents(root / "schema")
    generated = schema_documents()
    version_file = root / "contract.json"
    committed_version = json.loads(version_file.read_text())["version"] if version_file.exists() else ""
    changes = compare(committed, generated)
    for name, expected in generated_files(generated).items():
        path = root / name
        if not path.exists() or path.read_text() != expected:
            changes.append(Change("additive", name, "differs from what the code generates"))
    if not changes and committed_version != CONTRACT_VERSION:
        changes.append(
            Change("additive", "contract.json", f"version {committed_version} -> {CONTRACT_VERSION}")
        )
    return CheckResult(changes=changes, committed_version=committed_version)


def generated_files(documents: dict[str, dict]) -> dict[str, str]:
    """The other generated files, by path under frontend-contract/, with their exact text."""
    return {
        "openapi.json": render(openapi_document()),
        **{f"types/{n}": t for n, t in types_files(documents).items()},
    }
