"""Signals of the content app that Wagtail does not send itself."""

from django.dispatch import Signal

# Pages published in bulk without page_published (seed_demo --articles): sent once per
# batch, inside its transaction, with pages=[...]. Derived stores index them here.
bulk_published = Signal()
