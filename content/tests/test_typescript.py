"""frontend-contract/types/: what a frontend gets from the generated TypeScript declarations."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from content.contract import typescript
from content.contract.registry import schema_documents
from content.contract.typescript import type_name, types_files

TSC = Path(settings.BASE_DIR) / "frontend-contract" / "node_modules" / "typescript" / "bin" / "tsc"


def declaration(text: str, name: str) -> str:
    """The text of one exported declaration, up to the blank line that ends it."""
    match = re.search(rf"^export (?:interface|type) {name}\b.*?(?=\n\n|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"{name} is not declared"
    return match.group(0)


def type_check(folder: Path, declarations: str, client: str) -> None:
    """Strict tsc over the declarations and a client that imports them, as a frontend would."""
    (folder / "contract.d.ts").write_text(declarations)
    (folder / "client.ts").write_text(client)
    result = subprocess.run(
        ["node", str(TSC), "--noEmit", "--strict", "--lib", "ES2022", "--target", "ES2022"]
        + ["--module", "ES2022", "--moduleResolution", "bundler", str(folder / "client.ts")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def contract_types() -> str:
    return types_files(schema_documents())["contract.d.ts"]


def test_every_schema_is_one_exported_type_under_its_file_name(contract_types):
    declared = re.findall(r"^export (?:interface|type) (\w+)", contract_types, re.MULTILINE)
    assert sorted(declared) == sorted(type_name(name) for name in schema_documents())


def test_shared_shapes_are_referenced_by_name_not_copied(contract_types):
    article = declaration(contract_types, "ArticlePage")
    assert "hero_image: Image | null;" in article
    assert "body: Body;" in article
    assert "value: CaptionedImage | null;" in declaration(contract_types, "BlockImage")
    assert "document: Document | null;" in declaration(contract_types, "BlockDocument")
    assert declaration(contract_types, "Preview").startswith("export type Preview = Page;")


# Forms the contract can grow into: a map keyed by name (e.g. renditions chosen in
# settings) and a field's description (e.g. a block's help text) for the editor's hover.
GROWN_SCHEMAS = {
    "image.json": {
        "title": "image",
        "type": "object",
        "properties": {"url": {"type": "string"}},
        "required": ["url"],
        "additionalProperties": False,
    },
    "gallery.json": {
        "title": "gallery",
        "type": "object",
        "properties": {
            "renditions": {"type": "object", "additionalProperties": {"$ref": "image.json"}},
            "caption": {"type": "string", "description": "Plain text; empty when the editor left it blank."},
        },
        "required": ["renditions", "caption"],
        "additionalProperties": False,
    },
}

GALLERY_CLIENT = """\
import type { Gallery } from "./contract";

export function largeUrl(gallery: Gallery): string | undefined {
  return gallery.renditions["large"]?.url;
}
"""


def test_a_map_of_shared_shapes_gives_the_shape_of_its_values(tmp_path):
    declarations = types_files(GROWN_SCHEMAS)["contract.d.ts"]
    type_check(tmp_path, declarations, GALLERY_CLIENT)
    assert "[k: string]: Image;" in declaration(declarations, "Gallery")


def test_a_fields_description_is_its_doc_comment():
    gallery = declaration(types_files(GROWN_SCHEMAS)["contract.d.ts"], "Gallery")
    assert "/**\n   * Plain text; empty when the editor left it blank.\n   */\n  caption: string;" in gallery


PAGE_CLIENT = """\
import type { ArticlePage, Image, Page } from "./contract";

export function heroImage(page: Page): Image | null {
  return page.meta.type === "content.ArticlePage" ? (page as ArticlePage).hero_image : null;
}
"""


def test_the_contract_types_pass_strict_tsc(tmp_path, contract_types):
    type_check(tmp_path, contract_types, PAGE_CLIENT)


def test_without_the_npm_package_export_contract_says_to_run_npm_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(typescript, "PACKAGE", tmp_path / "absent")
    with pytest.raises(CommandError, match=r"run `npm ci` in frontend-contract/ first"):
        call_command("export_contract", "--check")
