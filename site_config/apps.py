from django.apps import AppConfig


class SiteConfigConfig(AppConfig):
    name = "site_config"
    verbose_name = "Site configuration"

    def ready(self):
        from . import task_queue  # noqa: F401 (registers its system check)
