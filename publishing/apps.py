from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Static export and publishing"

    def ready(self):
        from . import checks, tasks  # noqa: F401 (checks registers itself)

        tasks.connect()
