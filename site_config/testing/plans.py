"""PostgreSQL plans in tests: the nodes of an EXPLAIN (FORMAT JSON) plan."""

from collections.abc import Iterator


def plan_nodes(plan: dict) -> Iterator[dict]:
    """The plan's node and every node below it."""
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)
