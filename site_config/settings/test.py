"""The test suite: production-like (DEBUG off) but fast and self-contained."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cms-test-media-")
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run inside the code that enqueues them; the tests that need a real worker
# start a db_worker process themselves (site_config/tests/test_task_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
# One process: the local-memory response cache is safe, and its behaviour is tested.
API_RESPONSE_CACHE_SECONDS = 600
# A page type defined in the tests only (content/tests/event_pages): registered by the tests that use it.
INSTALLED_APPS = [*INSTALLED_APPS, "content.tests.event_pages"]  # noqa: F405
