"""Prints the policy the media bucket needs, for `aws s3api put-bucket-policy`."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from site_config.media_storage import public_renditions_policy


class Command(BaseCommand):
    help = "Print the media bucket's policy (anyone may read renditions, nothing else) as JSON."

    def handle(self, *args, **options):
        storage = settings.STORAGES["default"].get("OPTIONS", {})
        if "bucket_name" not in storage:
            raise CommandError("media are not on S3: set MEDIA_S3_BUCKET first")
        policy = public_renditions_policy(storage["bucket_name"], storage.get("location", ""))
        self.stdout.write(json.dumps(policy, indent=2))
