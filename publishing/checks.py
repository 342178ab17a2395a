"""System checks for publish on publish: a task worker to run it, and a cache every process shares."""

from django.conf import settings
from django.core.checks import Warning, register

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register()
def publish_on_publish_cache(app_configs, **kwargs) -> list[Warning]:
    if not settings.PUBLISH_ON_PUBLISH:
        return []
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", IMMEDIATE)
    cache = settings.CACHES["default"]["BACKEND"]
    if backend == IMMEDIATE or cache not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "PUBLISH_ON_PUBLISH with task workers needs a cache all processes share.",
            hint="Set REDIS_URL: with a per-process cache, a publish may queue no export "
            "or two exports may run at once.",
            id="publishing.W001",
        )
    ]


@register()
def publish_on_publish_worker(app_configs, **kwargs) -> list[Warning]:
    if not settings.PUBLISH_ON_PUBLISH:
        return []
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", IMMEDIATE)
    if backend != IMMEDIATE:
        return []
    return [
        Warning(
            "PUBLISH_ON_PUBLISH with the immediate task backend exports inside the editor's request.",
            hint="Use the database backend (the default TASKS setting) and run `manage.py db_worker`.",
            id="publishing.W002",
        )
    ]
