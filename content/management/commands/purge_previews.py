"""Deletes stored preview drafts whose links have expired (run from cron, e.g. hourly)."""

from django.core.management.base import BaseCommand

from content.pages.preview import purge_expired_previews


class Command(BaseCommand):
    help = "Delete stored preview drafts whose preview links have expired."

    def handle(self, *args, **options):
        purged = purge_expired_previews()
        if options["verbosity"]:
            self.stdout.write(f"Purged {purged} expired preview(s).")
