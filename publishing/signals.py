"""Signals of the publishing app, for outer layers that react to a publish without publishing knowing them."""

from django.dispatch import Signal

# Sent after publish_release has brought the bucket up to date and changed something:
# paths, the URLs whose answers changed (relative to the bucket prefix, as
# publishing.cdn.changed_urls gives them: /news/a/, /news/a/index.html, a JSON mirror file).
release_published = Signal()
