"""Settings, all from the environment (see README "Configuration").

Embedded defaults: an SQLite file in the project and tasks run in-process, so
`manage.py runserver` works on a fresh clone with nothing else installed.
"""
import os
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default):
    """The environment's value for `name`, of the type of `default` (str, int, float, bool or list).

    Every setting is read here, once, with its one default; code reads `settings.X`. Unset or empty
    gives the default; a list is comma-separated; a bool is on for 1/true/yes/on.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return type(default)(raw)


DEBUG = env("DEBUG", False)
# The fallback key is for a local try-out only; `check --deploy` flags it.
SECRET_KEY = env("SECRET_KEY", "django-insecure-local-development-key")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "positions",
    "ingest",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
SESSION_ENGINE = "config.sessions"  # the database's, refusing keys Django never makes
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL: parameters bound on the server, and a query psycopg has sent this many times on a connection is
# prepared there (parsed and planned once): the pipeline sends the same ~24 queries for every article, and
# preparing them took a fifth of PostgreSQL's CPU per article off (docs/benchmarks.md, fifth pass). 0: Django's
# default (bound on the client, nothing prepared), for a pooler in transaction mode that cannot keep
# prepared statements (PgBouncer before 1.21).
DATABASE_PREPARE_THRESHOLD = env("DATABASE_PREPARE_THRESHOLD", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_PREPARE_THRESHOLD > 0:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": DATABASE_PREPARE_THRESHOLD}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Workers and the dev server share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 30, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves the admin's, the API docs' and the matrix pages' assets with DEBUG off too;
# it finds them in the apps when `collectstatic` has not been run (a local try-out, the eval).
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic yet: assets come from the apps
# The site's own sign-in page (for analysts and editors alike); the admin keeps its own.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Security (manage.py check --deploy is clean when DEBUG is off) --------
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
if not DEBUG:
    # Served on a public name: HTTPS only. Served on loopback only (a local run,
    # the eval): plain HTTP stays usable unless SECURE_SSL_REDIRECT says otherwise.
    PUBLIC = bool(set(ALLOWED_HOSTS) - LOOPBACK_HOSTS)
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", PUBLIC)
    # Secure cookies would make the admin login impossible over plain HTTP on loopback.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env("SECURE_COOKIES", PUBLIC)
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- REST framework ---------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "positions.api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "positions.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["positions.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "positions.api.parsers.JSONParser",
        "positions.api.parsers.FormParser",
        "positions.api.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "positions.api.renderers.PaginatedCSVRenderer",
    ],
    "EXCEPTION_HANDLER": "positions.api.errors.exception_handler",
    # Rates per client address (anonymous: the schema and docs), per user, and for failed token
    # sign-ins per address (guessing tokens meets 429s). Documented in docs/api.md.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "120/minute"),
        "user": env("API_THROTTLE_USER", "3000/minute"),
        "failed_auth": env("API_THROTTLE_FAILED_AUTH", "20/minute"),
    },
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "positions.api.errors.ContentNegotiation",
}
# A statement list's count of 10,000 or more is cached this long per query (0: never), so paging
# through a large list does not count every match on every page (positions/api/pagination.py).
API_COUNT_CACHE_SECONDS = env("API_COUNT_CACHE_SECONDS", 10)
SPECTACULAR_SETTINGS = {
    "TITLE": "Negotiation positions tracker API",
    "DESCRIPTION": "Statements, positions at any round, and what changed between rounds.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # The contract's error answers, page numbers from 1, what a submission needs (positions/api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "positions.api.schema.postprocess"],
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {"code": str},  # a party code (config/api.py)
    # Statements and articles both have a `status`, with different values: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "StatementStatusEnum": "positions.models.Statement.Status",
        "ArticleStatusEnum": "ingest.models.Article.Status",
    },
}

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = 1000
# Celery's Django fix-up closes every database connection around every task unless this is set; with it
# set, it closes them only every CELERY_DB_REUSE_MAX tasks, and config/celery.py applies CONN_MAX_AGE and
# drops broken connections around each task, as Django does around a request. 0: a new connection per task.
CELERY_DB_REUSE_MAX = env("CELERY_DB_REUSE_MAX", CELERY_WORKER_MAX_TASKS_PER_CHILD)
CELERY_BEAT_SCHEDULE = {
    "poll-feeds": {"task": "ingest.tasks.poll_feeds", "schedule": env("FEED_POLL_SECONDS", 300.0)},
    "requeue-stuck-articles": {"task": "ingest.tasks.requeue_stuck", "schedule": 600.0},
    "settle-positions": {"task": "ingest.tasks.settle_positions", "schedule": 600.0},
    "reread-silences": {"task": "ingest.tasks.reread_silences", "schedule": 600.0},
    "dispatch-webhooks": {
        "task": "webhooks.tasks.dispatch_webhooks", "schedule": env("WEBHOOK_POLL_SECONDS", 60.0),
    },
}

# --- Webhooks ---------------------------------------------------------------
# New changes are POSTed (signed) to the editors' webhooks; a timeout, 5xx or 429 is tried again
# with exponential backoff (WEBHOOK_BACKOFF_SECONDS, doubling) up to WEBHOOK_MAX_ATTEMPTS times.
WEBHOOK_TIMEOUT = env("WEBHOOK_TIMEOUT", 10.0)
WEBHOOK_MAX_ATTEMPTS = env("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_BACKOFF_SECONDS = env("WEBHOOK_BACKOFF_SECONDS", 30)

# --- Ingestion --------------------------------------------------------------
INGEST_MAX_BYTES = env("INGEST_MAX_BYTES", 10 * 1024 * 1024)
INGEST_FETCH_TIMEOUT = env("INGEST_FETCH_TIMEOUT", 15.0)
INGEST_MAX_REDIRECTS = env("INGEST_MAX_REDIRECTS", 5)
# Hosts (name or IP) that may be fetched although they are private/loopback: for tests only.
INGEST_FETCH_ALLOWLIST = env("INGEST_FETCH_ALLOWLIST", [])
INGEST_USER_AGENT = env("INGEST_USER_AGENT", "negotiation-tracker/1.0 (+https://example.org/tracker)")
# A run's claim on an article expires after this long without a stage change (a worker that died);
# longer than CELERY_TASK_TIME_LIMIT. Queued articles untouched for INGEST_REQUEUE_AFTER are sent again.
INGEST_LEASE_SECONDS = env("INGEST_LEASE_SECONDS", CELERY_TASK_TIME_LIMIT + 60)
INGEST_REQUEUE_AFTER = env("INGEST_REQUEUE_AFTER", 1800)
# Runs of one article (a temporary failure, an interrupted run) before it is marked failed for good.
INGEST_MAX_ATTEMPTS = env("INGEST_MAX_ATTEMPTS", 8)
# The time one article may take in `manage.py ingest_worker` and `ingest --sync` (Celery uses its soft limit).
INGEST_ARTICLE_SECONDS = env("INGEST_ARTICLE_SECONDS", float(CELERY_TASK_SOFT_TIME_LIMIT))
# How many articles one machine extracts at once, across all its workers (ingest/cpu_slots.py): -1, the
# default, is one per core this process may use; 0 turns the limit off. The slots are file locks in
# INGEST_CPU_SLOTS_DIR (default: a directory of the user's in the system's temp dir).
INGEST_CPU_SLOTS = env("INGEST_CPU_SLOTS", -1)
INGEST_CPU_SLOTS_DIR = env("INGEST_CPU_SLOTS_DIR", "")
# POST /api/articles/ carries bodies up to INGEST_MAX_BYTES (JSON escaping can double them).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * INGEST_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"ingest": {"level": env("LOG_LEVEL", "INFO")}},
}
