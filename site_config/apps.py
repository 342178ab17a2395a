from django.apps import AppConfig


class SiteConfigConfig(AppConfig):
    name = "site_config"
    verbose_name = "Site configuration"
