"""Small builders for JSON Schema (draft 2020-12) fragments, so definitions read like the JSON."""

# The version of the JSON every reader gets (frontend-contract/contract.json): a breaking
# change of the schemas needs a new major version (export_contract --check says so).
CONTRACT_VERSION = "1.0.0"

STRING = {"type": "string"}
HTML = {"type": "string", "contentMediaType": "text/html"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri-reference"}


def ref(name: str) -> dict:
    """A reference to another schema file of the contract, e.g. ref("image")."""
    return {"$ref": f"{name}.json"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def enum(values) -> dict:
    return {"enum": list(values)}


def obj(properties: dict[str, dict], optional: tuple[str, ...] = ()) -> dict:
    """A closed object: every property required unless named optional, nothing else allowed."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
