"""Writes frontend-contract/schema/ from the code; --check compares the committed contract instead."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content.contract.examples import write_examples
from content.contract.export import check_contract, unified_diff, write_contract
from content.contract.typescript import TypesUnavailable


class Command(BaseCommand):
    help = "Generate the frontend contract (JSON Schemas); --check fails if the committed one differs."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare, write nothing")
        parser.add_argument(
            "--examples", action="store_true", help="also capture example responses (needs seed_demo content)"
        )
        parser.add_argument("--output", type=Path, default=Path(settings.BASE_DIR) / "frontend-contract")

    def handle(self, *args, check: bool, output: Path, examples: bool, **options):
        try:
            if check:
                self.compare(output)
            else:
                self.export(output, examples)
        except TypesUnavailable as error:
            # A missing Node.js or npm package is a setup step, not a bug: one sentence, no traceback.
            raise CommandError(str(error)) from None

    def export(self, output: Path, examples: bool) -> None:
        count = write_contract(output)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} schemas to {output}/schema/."))
        if examples:
            self.write_examples(output / "examples")

    # Not `check`: BaseCommand.check() runs Django's system checks.
    def compare(self, output: Path) -> None:
        result = check_contract(output)
        if not result.changes:
            self.stdout.write(
                self.style.SUCCESS(f"frontend-contract/ is up to date (version {result.version}).")
            )
            return
        for change in result.changes:
            self.stdout.write(str(change))
        self.stdout.write("\n".join(unified_diff(output)))
        if result.needs_major_bump:
            raise CommandError(
                f"{len(result.breaking)} breaking change(s) without a major version bump: "
                f"raise CONTRACT_VERSION (now {result.version}) in content/serialization/schema.py, "
                "then run manage.py export_contract."
            )
        raise CommandError("frontend-contract/ is out of date: run manage.py export_contract and commit it.")

    def write_examples(self, folder: Path) -> None:
        try:
            names = write_examples(folder)
        except ValueError as error:
            raise CommandError(f"Could not capture examples: {error}") from None
        self.stdout.write(f"Captured {len(names)} examples in {folder}/.")
