from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Static export and publishing"

    def ready(self):
        from . import tasks

        tasks.connect()
