"""Makes sure an administrator can sign in to the admin on a fresh install."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model


@dataclass
class AdminAccount:
    username: str
    created: bool
    generated_password: str | None


def ensure_admin(username: str, password: str | None) -> AdminAccount:
    """Create the superuser when missing; an existing account is left as it is.

    With no password given, a random one is generated and returned once: it is
    never stored anywhere but in the password hash.
    """
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return AdminAccount(username, created=False, generated_password=None)
    generated = None if password else secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email="", password=password or generated)
    return AdminAccount(username, created=True, generated_password=generated)
