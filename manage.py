#!/usr/bin/env python
"""Django's command-line entry point; defaults to the development settings."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A missing or malformed environment variable: one sentence, not a traceback.
        sys.exit(f"Configuration error: {error}")
