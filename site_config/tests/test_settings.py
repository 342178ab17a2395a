"""Settings: the embedded default, DATABASE_URL, and production's fail-fast checks.

Each case runs in a fresh interpreter with a clean environment, as a new user would.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT_DATABASE = (
    "import django; django.setup(); from django.conf import settings; "
    "from django.db import connection; d = settings.DATABASES['default']; "
    "print(d['ENGINE'], d['NAME'], connection.Database.__name__)"
)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean_env = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "cms.example.com",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value}


def test_no_environment_at_all_runs_on_a_sqlite_file():
    result = run(["-c", PRINT_DATABASE], DJANGO_SETTINGS_MODULE="site_config.settings.dev")
    assert result.returncode == 0, result.stderr
    engine, name, _ = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(BASE_DIR / "db.sqlite3")


def test_database_url_switches_to_postgresql_through_psycopg_3():
    result = run(
        ["-c", PRINT_DATABASE],
        DJANGO_SETTINGS_MODULE="site_config.settings.dev",
        DATABASE_URL="postgres://someone@db.internal:5432/cms",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "cms", "psycopg"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_and_names_the_missing_variable(missing):
    result = run(["manage.py", "check"], **production_env(**{missing: ""}))
    assert result.returncode != 0
    assert f"The environment variable {missing} is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_passes_the_deployment_checklist_with_zero_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_malformed_boolean_variable_is_a_sentence_not_a_traceback():
    result = run(["manage.py", "check"], DJANGO_SETTINGS_MODULE="site_config.settings.dev", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of true/false" in result.stderr
    assert "Traceback" not in result.stderr


def test_base_settings_are_safe_by_default():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="site_config.settings.base")
    assert result.stdout.strip() == "False", result.stderr
