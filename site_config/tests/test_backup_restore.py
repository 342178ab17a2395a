"""The backups in docs/operations.md work: a dump restored into a fresh database serves the same pages."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

BASE_DIR = Path(__file__).resolve().parents[2]
LISTING = "/api/v2/pages/?fields=*&limit=100"
PRINT_LISTING = (
    "import django; django.setup(); from django.test import Client; "
    f"print(Client().get('{LISTING}').content.decode())"
)


def postgres_args(settings_dict: dict) -> list[str]:
    return [
        "-h",
        settings_dict["HOST"] or "127.0.0.1",
        "-p",
        str(settings_dict["PORT"] or 5432),
        "-U",
        settings_dict["USER"] or "postgres",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the backup commands are for PostgreSQL")
def test_a_dump_restored_into_a_fresh_database_serves_the_same_pages(demo_site, tmp_path, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    original = json.loads(Client().get(LISTING).content)
    source = connection.settings_dict
    target = f"restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "cms.dump"
    args = postgres_args(source)
    subprocess.run(["pg_dump", *args, "--format=custom", f"--file={dump}", source["NAME"]], check=True)
    subprocess.run(["createdb", *args, target], check=True)
    try:
        subprocess.run(["pg_restore", *args, "--no-owner", f"--dbname={target}", str(dump)], check=True)
        subprocess.run(["psql", *args, "-q", f"--dbname={target}", "-c", "ANALYZE"], check=True)
        host, port, user = args[1], args[3], args[5]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.test",
            "DATABASE_URL": f"postgres://{user}@{host}:{port}/{target}",
        }
        result = subprocess.run(
            [sys.executable, "-c", PRINT_LISTING],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        restored = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["dropdb", *args, "--if-exists", target], check=True)
    assert restored["meta"]["total_count"] == original["meta"]["total_count"] > 20
    assert restored["items"] == original["items"]
