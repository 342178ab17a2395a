from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"

    def ready(self):
        from content.api import invalidation
        from content.delivery.signal_handlers import register_signal_handlers

        invalidation.connect()
        register_signal_handlers()
