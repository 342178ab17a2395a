"""docs/ci-publishing.md: both CI files parse, run commands this repository has, and set known variables."""

import os
import re
import shlex
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]
PAGE = BASE_DIR / "docs" / "ci-publishing.md"
README = BASE_DIR / "README.md"
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Variables a CI file may set that the project does not read itself.
CI_ONLY = {"PIP_CACHE_DIR"}


def recipes() -> tuple[dict, dict]:
    github, gitlab = (yaml.safe_load(block) for block in YAML_BLOCK.findall(PAGE.read_text()))
    return github, gitlab["publish-site"]


def readme_variables() -> set[str]:
    """The variables of the README's table (first column, `NAME` or `A`, `B`)."""
    rows = [line for line in README.read_text().splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def check_command(line: str) -> None:
    """A command's program is an executable file of this repository (scripts/...), and exists."""
    program = shlex.split(line)[0]
    path = BASE_DIR / program
    assert path.is_file(), f"{program} (run by a CI recipe) is not a file of the repository"
    assert os.access(path, os.X_OK), f"{program} is not executable"


@pytest.fixture(scope="module")
def github():
    return recipes()[0]


@pytest.fixture(scope="module")
def gitlab():
    return recipes()[1]


def test_the_page_has_exactly_the_two_recipes():
    assert len(YAML_BLOCK.findall(PAGE.read_text())) == 2


def test_github_runs_on_a_schedule_and_on_the_webhook(github):
    triggers = github.get("on", github.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"][0]["cron"]
    assert triggers["repository_dispatch"]["types"] == ["publish"]
    assert github["concurrency"]["cancel-in-progress"] is False


def test_github_runs_commands_that_exist_with_secrets_for_credentials(github):
    job = github["jobs"]["publish"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ["scripts/publish"]
    for line in runs:
        check_command(line)
    env = job["env"]
    for secret in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DATABASE_URL", "SECRET_KEY"):
        assert env[secret] == "${{ secrets.%s }}" % secret  # noqa: UP031 (the braces are GitHub's)
    assert set(env) - CI_ONLY <= readme_variables()


def test_github_restores_the_previous_build_and_saves_the_new_one(github):
    steps = github["jobs"]["publish"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    restore = steps[uses.index("actions/cache/restore@v4")]
    save = steps[uses.index("actions/cache/save@v4")]
    assert restore["with"]["path"] == save["with"]["path"] == "build/site"
    assert restore["with"]["restore-keys"] and save["with"]["key"] == restore["with"]["key"]
    assert uses.index("actions/cache/restore@v4") < uses.index("actions/cache/save@v4")
    run = next(n for n, step in enumerate(steps) if step.get("run") == "scripts/publish")
    assert uses.index("actions/cache/restore@v4") < run < uses.index("actions/cache/save@v4")


def test_gitlab_runs_on_a_schedule_and_on_a_trigger(gitlab):
    sources = " ".join(rule["if"] for rule in gitlab["rules"])
    assert '"schedule"' in sources and '"trigger"' in sources
    assert gitlab["resource_group"]


def test_gitlab_runs_commands_that_exist_and_caches_the_build(gitlab):
    for line in gitlab["script"]:
        check_command(line)
    assert gitlab["script"] == ["scripts/publish"]
    build_cache = next(cache for cache in gitlab["cache"] if "build/site/" in cache["paths"])
    assert isinstance(build_cache["key"], str)  # a fixed key: each run replaces the previous build
    assert set(gitlab["variables"]) - CI_ONLY <= readme_variables()


def test_the_build_folder_cached_is_the_one_export_site_writes(settings):
    assert settings.EXPORT_OUTPUT_DIR == settings.BASE_DIR / "build" / "site"
