"""Creates the admin superuser from ADMIN_USERNAME / ADMIN_PASSWORD if it does not exist."""

import os

from django.core.management.base import BaseCommand, CommandError

from site_config.admin_account import ensure_admin


class Command(BaseCommand):
    help = (
        "Ensure an admin superuser exists: ADMIN_USERNAME (default 'admin') and "
        "ADMIN_PASSWORD, or a generated password printed once."
    )

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "").strip() or "admin"
        password = os.environ.get("ADMIN_PASSWORD") or None
        if len(username) > 150:
            raise CommandError("ADMIN_USERNAME is longer than 150 characters.")
        account = ensure_admin(username, password)
        if not account.created:
            self.stdout.write(f"Admin user '{account.username}' already exists.")
        elif account.generated_password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created admin user '{account.username}' with the generated password: "
                    f"{account.generated_password}\n"
                    "(shown once; set ADMIN_PASSWORD to choose your own)"
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Created admin user '{account.username}' with ADMIN_PASSWORD.")
            )
