"""The TypeScript verifier of frontend-contract/example-client/webhooks.ts, run by Node on a delivery."""

import json
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from webhooks.signing import signature as sign

from .changes import baseline, publish_title
from .conftest import SECRET

CONTRACT = Path(settings.BASE_DIR) / "frontend-contract"
TSC = CONTRACT / "node_modules" / "typescript" / "bin" / "tsc"
CHECK = """
import { readFileSync } from "node:fs";
import { verifyWebhook } from "./webhooks.js";
const [secret, bodyFile, timestamp, signature] = process.argv.slice(2);
const payload = verifyWebhook(secret, readFileSync(bodyFile), { timestamp, signature });
console.log(JSON.stringify(payload === null ? null : payload.event));
"""


@pytest.fixture(scope="module")
def verifier(tmp_path_factory) -> Path:
    """webhooks.ts compiled to JavaScript, as a receiver would build it."""
    folder = tmp_path_factory.mktemp("verifier")
    subprocess.run(
        [
            "node",
            str(TSC),
            "--strict",
            "--target",
            "ES2022",
            "--module",
            "ES2022",
            "--moduleResolution",
            "bundler",
        ]
        + ["--types", "node", "--typeRoots", str(CONTRACT / "node_modules" / "@types")]
        + ["--outDir", str(folder), str(CONTRACT / "example-client" / "webhooks.ts")],
        check=True,
        capture_output=True,
    )
    (folder / "package.json").write_text('{"type": "module"}')
    (folder / "check.mjs").write_text(CHECK)
    return folder


def run_check(folder: Path, body: bytes, timestamp: str, signature: str, secret: str = SECRET):
    (folder / "body.json").write_bytes(body)
    done = subprocess.run(
        ["node", str(folder / "check.mjs"), secret, str(folder / "body.json"), timestamp, signature],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


@pytest.mark.django_db
def test_the_documented_verifier_accepts_a_real_delivery_and_rejects_forgeries(
    verifier, tasks, make_endpoint, receiver
):
    baseline()
    make_endpoint()
    publish_title("autumn-release", "Checked by Node")
    tasks.settle()
    (request,) = receiver.requests
    timestamp, signature = request.headers["X-CMS-Timestamp"], request.headers["X-CMS-Signature"]
    assert run_check(verifier, request.body, timestamp, signature) == "changes"
    assert run_check(verifier, request.body.replace(b"updated", b"deleted"), timestamp, signature) is None
    assert run_check(verifier, request.body, timestamp, signature, secret="not-the-secret-at-all") is None
    assert run_check(verifier, request.body, str(int(timestamp) + 1), signature) is None
    old = str(int(time.time()) - 301)
    assert run_check(verifier, request.body, old, sign(SECRET, int(old), request.body)) is None  # a replay
