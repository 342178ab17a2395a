"""frontend-contract/: generated from the code, checked in CI, and breaking changes need a bump."""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from content.contract.export import check_contract
from content.contract.registry import load_documents, validator_for
from content.contract.validation import check_response

COMMITTED = Path(settings.BASE_DIR) / "frontend-contract"


@pytest.fixture
def contract_copy(tmp_path) -> Path:
    shutil.copytree(COMMITTED, tmp_path / "contract")
    return tmp_path / "contract"


def edit_schema(root: Path, name: str, change) -> None:
    path = root / "schema" / f"{name}.json"
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def test_the_committed_contract_is_what_the_code_generates(capsys):
    call_command("export_contract", "--check")
    assert "up to date" in capsys.readouterr().out


def test_a_field_the_code_no_longer_sends_is_breaking_and_needs_a_major_bump(contract_copy):
    edit_schema(contract_copy, "image", lambda d: d["properties"].update(focal_point={"type": "string"}))
    result = check_contract(contract_copy)
    assert [str(c) for c in result.breaking] == ["breaking  image.json.focal_point: field removed"]
    assert result.needs_major_bump
    with pytest.raises(CommandError, match="breaking change.*without a major version bump"):
        call_command("export_contract", "--check", "--output", str(contract_copy))


def test_a_removed_block_type_and_a_changed_type_are_breaking(contract_copy):
    edit_schema(contract_copy, "body", lambda d: d["items"]["oneOf"].append({"$ref": "block-html.json"}))
    edit_schema(contract_copy, "document", lambda d: d["properties"].update(size={"type": "string"}))
    wheres = {(c.where, c.what) for c in check_contract(contract_copy).breaking}
    assert ("body.json[].oneOf", "block-html.json removed") in wheres
    assert ("document.json.size", "type 'string' became None") in wheres


def test_a_new_field_is_additive_but_the_contract_must_still_be_regenerated(contract_copy):
    def drop_credit(document):
        del document["properties"]["credit"]
        document["required"].remove("credit")

    edit_schema(contract_copy, "captioned-image", drop_credit)
    result = check_contract(contract_copy)
    assert [str(c) for c in result.changes] == ["additive  captioned-image.json.credit: field added"]
    assert not result.needs_major_bump
    with pytest.raises(CommandError, match="out of date: run manage.py export_contract"):
        call_command("export_contract", "--check", "--output", str(contract_copy))


def test_writing_the_contract_removes_stale_schemas(contract_copy):
    (contract_copy / "schema" / "stale.json").write_text("{}")
    call_command("export_contract", "--output", str(contract_copy))
    assert not (contract_copy / "schema" / "stale.json").exists()
    assert check_contract(contract_copy).changes == []


def test_a_response_that_breaks_the_contract_fails_the_test_that_received_it():
    page = {"id": 1, "meta": {}, "title": "No body"}
    with pytest.raises(AssertionError, match="does not match page-listing-item.json"):
        check_response("/api/v2/pages/1/", {"fields": "title"}, 200, json.dumps(page).encode())
    with pytest.raises(AssertionError, match="does not match error.json"):
        check_response("/api/v2/pages/", {}, 400, b'{"error": "no message key"}')


EXAMPLES = sorted((COMMITTED / "examples").glob("*.json"))


def test_there_is_an_example_per_page_type_and_for_the_site():
    assert {p.name for p in EXAMPLES} >= {
        "home-page.json",
        "index-page.json",
        "article-page.json",
        "site.json",
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_each_example_matches_its_schema(example):
    validator = validator_for(example.stem, load_documents(COMMITTED / "schema"))
    errors = [error.message for error in validator.iter_errors(json.loads(example.read_text()))]
    assert errors == []


def test_the_openapi_document_points_at_existing_schemas():
    openapi = json.loads((COMMITTED / "openapi.json").read_text())
    refs = {
        content["schema"]["$ref"]
        for path in openapi["paths"].values()
        for response in path["get"]["responses"].values()
        for content in response.get("content", {}).values()
    }
    assert refs and all((COMMITTED / ref).exists() for ref in refs)
    assert openapi["openapi"] == "3.1.0"
