"""Schemas as files: their ids, and a validator that resolves references between them."""

import json
from pathlib import Path

from content.serialization.schema import CONTRACT_VERSION

from .definitions import all_schemas

__all__ = ["CONTRACT_VERSION", "load_documents", "schema_documents", "validator_for"]

SCHEMA_BASE = "https://headless-cms.example/contract/v1/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_documents() -> dict[str, dict]:
    """File name -> schema document, with $schema, $id and title set."""
    documents = {}
    for name, schema in sorted(all_schemas().items()):
        documents[f"{name}.json"] = {
            "$schema": DRAFT,
            "$id": f"{SCHEMA_BASE}{name}.json",
            "title": name,
            **schema,
        }
    return documents


def load_documents(folder: Path) -> dict[str, dict]:
    return {path.name: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}


def validator_for(name: str, documents: dict[str, dict]):
    # Validation is a test and tooling concern: jsonschema is in requirements-dev.txt only.
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (document["$id"], Resource.from_contents(document)) for document in documents.values()
    )
    return Draft202012Validator(documents[f"{name}.json"], registry=registry)
