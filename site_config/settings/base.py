"""Every setting of the project, safe by default: DEBUG off, no secret built in.

dev.py, test.py and production.py only switch things on or off.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from site_config.media_storage import DEFAULT_PREFIX, check_media_variables, media_origins, s3_media_storage

from .environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "site_config",
    "home",
    "content",
    "search",
    "publishing",
    "webhooks",
    "wagtail_headless_preview",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "site_config.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "site_config.security_headers.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "site_config.security_headers.AdminScriptPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "site_config.redirects.SiteRedirectMiddleware",
    "site_config.database_errors.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# With no DATABASE_URL the project runs on a SQLite file in the project folder.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The server and the task worker write to the same file: write-ahead logging lets
    # readers go on while one writes, BEGIN IMMEDIATE takes the write lock when a
    # transaction starts (no deadlock when a reading transaction would upgrade), and a
    # writer waits up to 20 s for the other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_REDIS_URL = env_str("REDIS_URL")
# Without Redis, a cache in files that every process on the machine shares: the
# web server and the task worker coordinate through it (publishing/tasks.py,
# content/delivery/tasks.py), which a per-process memory cache cannot do.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
        if _REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR") or str(BASE_DIR / ".local" / "cache"),
        }
    )
}

# Background tasks (django-tasks): queued in the database, run by `manage.py db_worker`
# (scripts/run starts one beside the server; production runs it as its own process).
# Webhook deliveries have a queue of their own, so that production can give them a worker
# of their own and a slow receiver never holds up an export (docs/webhooks.md).
TASK_QUEUES = ["default", "webhooks"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# /readyz reports the queue as stalled when the oldest task ready to run has waited
# this many seconds without a worker taking it (docs/operations.md).
TASKS_STALLED_AFTER = env_int("TASKS_STALLED_AFTER", 300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media in an S3-compatible bucket (site_config/media_storage.py); the same endpoint
# and credentials as the export's (AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...).
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
_MEDIA_S3 = {
    "bucket": MEDIA_S3_BUCKET,
    "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
    "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN"),
    "region": env_str("AWS_DEFAULT_REGION"),
}
_MEDIA_S3_PREFIX = env_str("MEDIA_S3_PREFIX", DEFAULT_PREFIX)
# Inconsistent variables stop here with a sentence naming them.
check_media_variables(
    MEDIA_S3_BUCKET,
    _MEDIA_S3_PREFIX,
    _MEDIA_S3["custom_domain"],
    env_str("MEDIA_ROOT"),
    env_str("EXPORT_S3_BUCKET"),
    env_str("EXPORT_S3_PREFIX"),
)
if MEDIA_S3_BUCKET:
    STORAGES["default"] = s3_media_storage(prefix=_MEDIA_S3_PREFIX, **_MEDIA_S3)
# Documents always pass through Wagtail's view, which checks their collection's
# privacy; never a redirect to a storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Security headers: SecurityMiddleware sets nosniff and the referrer policy;
# the site and the API use no powerful browser features.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Complex page models can exceed Django's default of 1,000 fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# One JSON object per line on stdout (LOG_FORMAT=json, the default), or plain text.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "site_config.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "site_config.json_logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per background task and per page action drowns out everything else.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # RequestLogMiddleware writes one line per request; Django's own would repeat it.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Headless CMS"
# The admin's dashboard would ask releases.wagtail.org for a newer version from each editor's
# browser: the CMS fetches nothing from the internet at run time (the CSP blocked it, with errors).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The database backend: PostgreSQL full-text search, or SQLite FTS5 on the embedded
# default. English stemming on PostgreSQL ("publishing" finds "published"); SQLite ignores it.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# An edit to a page in moderation cancels earlier approvals: a moderator
# always approves the text that will go live.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# Content
INDEX_PAGE_SIZE = 12
# Where the public site lives (the frontend or the static export), for html_url,
# canonical URLs and the sitemap; empty means the Wagtail Site's own address.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL").rstrip("/")

# Preview (wagtail-headless-preview). The frontend that renders drafts; empty means
# this project's own renderer at /preview/ (the export's templates).
PREVIEW_CLIENT_URL = env_str("PREVIEW_CLIENT_URL")
# Seconds a preview link works after the editor opens the preview.
PREVIEW_TOKEN_MAX_AGE = env_int("PREVIEW_TOKEN_MAX_AGE", 30 * 60)


def _origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Content-Security-Policy (django-csp) on every response. No inline or third-party
# script anywhere; the admin needs inline styles (its widgets set style attributes),
# and data:/blob: images (upload previews). Same-origin framing is what Wagtail's
# preview panel does; /_preview/ also allows the admin's origin (publishing/preview.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *(media_origins(**_MEDIA_S3) if MEDIA_S3_BUCKET else [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *_origin(PREVIEW_CLIENT_URL)],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# API
WAGTAILAPI_LIMIT_MAX = 100
# Cross-origin reads of the API only, never with credentials.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# Browsers and CDNs may keep a response this long, then serve it stale while
# they fetch a fresh one in the background.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
API_STALE_WHILE_REVALIDATE = env_int("API_STALE_WHILE_REVALIDATE", 300)
# How long the server keeps whole responses (0 turns the server-side cache off).
# Off by default without Redis: each process would keep its own cache, and a
# publish seen by one process would not clear another's.
API_RESPONSE_CACHE_SECONDS = env_int("API_RESPONSE_CACHE_SECONDS", 600 if _REDIS_URL else 0)
# Answers to bad requests (400, 404) are kept this long (at most the above).
API_ERROR_CACHE_SECONDS = env_int("API_ERROR_CACHE_SECONDS", 60)
# Bytes of stored documents each server process keeps in memory (content.delivery.held),
# so that the API's statement need not read and send a body the process already has; the
# page's visibility is still checked in the database on every request. 0 keeps none.
DOCUMENT_CACHE_BYTES = env_int("DOCUMENT_CACHE_BYTES", 64 * 1024 * 1024)

# Static export and publish (publishing/). The build folder export_site writes by default.
EXPORT_OUTPUT_DIR = Path(env_str("EXPORT_OUTPUT_DIR") or BASE_DIR / "build" / "site")
# Processes rendering pages (0: one per CPU core).
EXPORT_WORKERS = env_int("EXPORT_WORKERS", 0)
EXPORT_MEDIA_MAX_AGE = env_int("EXPORT_MEDIA_MAX_AGE", 86400)
EXPORT_DOCUMENT_MAX_AGE = env_int("EXPORT_DOCUMENT_MAX_AGE", 3600)
# Where --publish uploads: any S3-compatible store, by endpoint URL (empty: AWS S3).
EXPORT_S3_BUCKET = env_str("EXPORT_S3_BUCKET")
EXPORT_S3_PREFIX = env_str("EXPORT_S3_PREFIX")
EXPORT_S3_ACL = env_str("EXPORT_S3_ACL")  # e.g. public-read; none by default
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
EXPORT_UPLOAD_WORKERS = env_int("EXPORT_UPLOAD_WORKERS", 16)
# A CloudFront distribution in front of the bucket: each publish invalidates the
# paths it changed, or everything ("/*") when they are more than EXPORT_CLOUDFRONT_MAX_PATHS.
EXPORT_CLOUDFRONT_DISTRIBUTION_ID = env_str("EXPORT_CLOUDFRONT_DISTRIBUTION_ID")
EXPORT_CLOUDFRONT_MAX_PATHS = env_int("EXPORT_CLOUDFRONT_MAX_PATHS", 100)
# Upload each redirect's object with x-amz-website-redirect-location, so that an
# S3 website endpoint answers it with a 301 (the REST endpoint ignores the header).
EXPORT_S3_WEBSITE_REDIRECTS = env_bool("EXPORT_S3_WEBSITE_REDIRECTS", False)
# Above this many URLs, sitemap.xml becomes a sitemap index of child sitemaps (the protocol allows 50,000).
EXPORT_SITEMAP_MAX_URLS = env_int("EXPORT_SITEMAP_MAX_URLS", 45_000)
# Publishing or unpublishing a page queues one export-and-publish task.
PUBLISH_ON_PUBLISH = env_bool("PUBLISH_ON_PUBLISH", False)

# Webhooks (webhooks/, docs/webhooks.md). Receivers on loopback or private networks are
# refused unless this is on (a receiver on this machine or the LAN; the tests).
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False)
# Seconds to connect and to wait for each read of the answer; a receiver slower than that fails the attempt.
WEBHOOKS_CONNECT_TIMEOUT = env_int("WEBHOOKS_CONNECT_TIMEOUT", 3)
WEBHOOKS_READ_TIMEOUT = env_int("WEBHOOKS_READ_TIMEOUT", 10)
# Attempts per delivery (network errors, timeouts, 429 and 5xx are retried), the
# first retry after WEBHOOKS_RETRY_DELAY seconds and each next one after twice as long.
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 8)
WEBHOOKS_RETRY_DELAY = env_int("WEBHOOKS_RETRY_DELAY", 30)
