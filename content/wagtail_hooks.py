"""Admin hooks of the content app."""

from wagtail import hooks

from content.api.http_cache import bump_generation
from content.delivery.invalidation import everything_changed


@hooks.register("after_bulk_action")
def clear_api_cache_after_bulk_action(request, action_type, objects, action_class_instance):
    # Bulk actions (moving images to a collection, adding tags, publishing pages)
    # may update rows without saving each object, so no model signal fires.
    bump_generation()
    everything_changed()
