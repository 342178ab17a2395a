"""ensure_admin: a superuser exists after scripts/run, and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


def run_command(monkeypatch, **env) -> str:
    for name in ("ADMIN_USERNAME", "ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_the_superuser_from_the_environment(monkeypatch, client):
    output = run_command(monkeypatch, ADMIN_USERNAME="chief", ADMIN_PASSWORD="a long passphrase")
    assert "Created admin user 'chief'" in output
    assert "a long passphrase" not in output
    assert client.login(username="chief", password="a long passphrase")
    assert get_user_model().objects.get(username="chief").is_superuser


@pytest.mark.django_db
def test_generates_a_password_printed_once_and_keeps_it_on_the_next_run(monkeypatch, client):
    first = run_command(monkeypatch)
    password = first.split("generated password: ")[1].split()[0]
    assert client.login(username="admin", password=password)

    second = run_command(monkeypatch)
    assert "already exists" in second
    assert password not in second
    assert client.login(username="admin", password=password)
    assert get_user_model().objects.filter(username="admin").count() == 1
