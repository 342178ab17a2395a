"""Compares two versions of the contract and sorts each difference as additive or breaking.

Breaking: a schema file, property, block type or enum value removed, a type
changed, a property newly required. Additive: anything new that an existing
frontend can ignore.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    kind: str  # "breaking" or "additive"
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.kind:8}  {self.where}: {self.what}"


def compare(old: dict[str, dict], new: dict[str, dict]) -> list[Change]:
    changes = []
    for name in sorted(old.keys() - new.keys()):
        changes.append(Change("breaking", name, "schema removed"))
    for name in sorted(new.keys() - old.keys()):
        changes.append(Change("additive", name, "schema added"))
    for name in sorted(old.keys() & new.keys()):
        changes += _compare_node(old[name], new[name], name)
    return changes


def _compare_node(old, new, where: str) -> list[Change]:  # noqa: C901 (one rule per keyword)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [Change("breaking", where, f"{old!r} became {new!r}")]
    changes = []
    for key in ("type", "const", "$ref", "format"):
        if old.get(key) != new.get(key):
            changes.append(Change("breaking", where, f"{key} {old.get(key)!r} became {new.get(key)!r}"))
    if "enum" in old or "enum" in new:
        removed = set(map(str, old.get("enum", []))) - set(map(str, new.get("enum", [])))
        added = set(map(str, new.get("enum", []))) - set(map(str, old.get("enum", [])))
        changes += [Change("breaking", where, f"value {v} removed") for v in sorted(removed)]
        changes += [Change("additive", where, f"value {v} added") for v in sorted(added)]
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for prop in sorted(old_props.keys() - new_props.keys()):
        changes.append(Change("breaking", f"{where}.{prop}", "field removed"))
    for prop in sorted(new_props.keys() - old_props.keys()):
        changes.append(Change("additive", f"{where}.{prop}", "field added"))
    for prop in sorted(old_props.keys() & new_props.keys()):
        changes += _compare_node(old_props[prop], new_props[prop], f"{where}.{prop}")
    for prop in sorted(
        set(new.get("required", [])) - set(old.get("required", [])) - (new_props.keys() - old_props.keys())
    ):
        changes.append(Change("breaking", f"{where}.{prop}", "field newly required"))
    for keyword in ("anyOf", "oneOf"):
        changes += _compare_alternatives(old.get(keyword, []), new.get(keyword, []), f"{where}.{keyword}")
    if "items" in old or "items" in new:
        changes += _compare_node(old.get("items", {}), new.get("items", {}), f"{where}[]")
    return changes


def _compare_alternatives(old: list, new: list, where: str) -> list[Change]:
    def key(option):
        return option.get("$ref") or option.get("title") or option.get("type") or repr(option)

    old_by, new_by = {key(o): o for o in old}, {key(o): o for o in new}
    changes = [Change("breaking", where, f"{k} removed") for k in sorted(old_by.keys() - new_by.keys())]
    changes += [Change("additive", where, f"{k} added") for k in sorted(new_by.keys() - old_by.keys())]
    for k in sorted(old_by.keys() & new_by.keys()):
        changes += _compare_node(old_by[k], new_by[k], f"{where}[{k}]")
    return changes
