"""Wagtail hooks of the publishing app: the live site renders through the export's templates."""

from wagtail import hooks

from .live_site import serve_through_renderer

# After (inside) Wagtail's own on_serve_page hooks, so its view-restriction check wraps this renderer.
hooks.register("on_serve_page", serve_through_renderer, order=100)
