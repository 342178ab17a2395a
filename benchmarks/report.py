"""Where a benchmark's figures go: one JSON file, its folder made if missing."""

import json
from pathlib import Path


def save(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {path}")
