from django.apps import AppConfig


class EventPagesConfig(AppConfig):
    name = "content.tests.event_pages"
    label = "event_pages"
    default_auto_field = "django.db.models.AutoField"
