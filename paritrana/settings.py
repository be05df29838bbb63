"""Settings for Paritrana Portal, read from environment variables.

Without DATABASE_URL the portal runs on an embedded SQLite file (WAL mode); without
REDIS_URL Celery queues tasks on an embedded broker under var/broker/ for the worker
that `make run` starts beside the web server, and the cache is local memory.
"""

import os
import tomllib
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from paritrana.secret_key import read_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def package_version() -> str:
    """The version in pyproject.toml, e.g. "0.1.0"."""
    with (BASE_DIR / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DEBUG")
# The signing key: SECRET_KEY, else the file SECRET_KEY_FILE names (created once with
# a random key, mode 0600; `make run` uses var/secret_key), else a development key.
# With DEBUG off a weak or example key stops the start.
SECRET_KEY = read_secret_key(
    os.environ.get("SECRET_KEY", ""),
    key_file=os.environ.get("SECRET_KEY_FILE", ""),
    debug=DEBUG,
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "axes",
    "django_filters",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "accounts",
    "regions",
    "review",
    "participants",
    "nominations",
    "scoring",
    "publication",
    # The top: wiring that spans the apps (home, navigation, demo orchestration).
    "paritrana",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "paritrana.middleware.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "paritrana.middleware.PortalLocaleMiddleware",
    # Before anything reads the body (the NUL check reads URL-encoded forms).
    "paritrana.request_limits.RequestSizeLimitMiddleware",
    "paritrana.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "paritrana.middleware.RefusalReasonMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "paritrana.urls"
WSGI_APPLICATION = "paritrana.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "paritrana.navigation.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production), else the embedded SQLite file.
SQLITE_PATH = VAR_DIR / "paritrana.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL + busy timeout + IMMEDIATE: web and jobs do not hit "locked".
                # A writer waits for the one before it: the worker saving the
                # national village file holds the lock for up to ~8 s, and every
                # signed-in request writes its session (the page's progress polls).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every password while a user or an address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
# Signing out (a POST) lands on a page that says so, with a way back in.
LOGOUT_REDIRECT_URL = "accounts:logged_out"

# Brute force: a username is locked after LOGIN_FAILURES_PER_USER failures from
# anywhere, an address after LOGIN_FAILURES_PER_ADDRESS failures across usernames, for
# LOGIN_COOLOFF_MINUTES after the last counted failure (portal and admin sign-in alike).
# The client address behind TRUSTED_PROXY proxies is read from X-Forwarded-For
# (accounts.clients); see TRUSTED_PROXY below.
LOGIN_FAILURES_PER_USER = int(os.environ.get("LOGIN_FAILURES_PER_USER", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "25"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_USER
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "accounts.clients.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# Password reset requests per address and per e-mail address in RESET_WINDOW_MINUTES.
PASSWORD_RESETS_PER_ADDRESS = int(os.environ.get("PASSWORD_RESETS_PER_ADDRESS", "10"))
PASSWORD_RESETS_PER_EMAIL = int(os.environ.get("PASSWORD_RESETS_PER_EMAIL", "3"))
PASSWORD_RESET_WINDOW_MINUTES = int(
    os.environ.get("PASSWORD_RESET_WINDOW_MINUTES", "60")
)
# API tokens for machine clients: valid for at most API_TOKEN_MAX_DAYS days.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))

# The code version a ranking run records: `git describe` written in at build time,
# else the package's version (no subprocess at run time).
CODE_VERSION = os.environ.get("CODE_VERSION", "") or package_version()

# Language, formats and time: Bahasa Indonesia first, WIB.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "paritrana_language"
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
# One date format in every language and page: "3 Des 2026" (paritrana/formats/).
FORMAT_MODULE_PATH = ["paritrana.formats"]
# The product's name, one translated string ("Portal Paritrana" in Indonesian), as
# the templates write it: here for the Django admin's header and title.
PORTAL_NAME = _("Paritrana Portal")
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Dossier files: never under MEDIA_URL; served only by views that check permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Redis: Celery broker and shared cache. Without it, the embedded broker: kombu's
# filesystem transport, one file per message under var/broker/ (published whole by
# paritrana/broker.py), which the worker beside the web server (`make run`, `make
# dev`) reads; and a local cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = REDIS_URL or "filesystem://localhost/"
CELERY_BROKER_TRANSPORT = None if REDIS_URL else "paritrana.broker:Transport"
# No code reads a task's result (the batch row carries a job's outcome).
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
if REDIS_URL:
    # A redelivery after the visibility timeout is harmless (the job's lease refuses
    # a second run); a broker that cannot be reached answers within seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": 4 * 3600,
        "socket_connect_timeout": 5,
    }
else:
    # One folder for both directions: the web and the worker read and write it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "polling_interval": 0.5,
    }
    for folder in ("queue", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 5
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
# Certificate PDFs go to a queue of their own. Every worker started without -Q reads
# both queues (as `make run` and `make worker` do); a deployment may give PDFs a
# worker of their own whose processes are replaced after a number of tasks, as
# WeasyPrint grows in memory:
#   celery -A paritrana worker -Q pdf --concurrency=2 --max-tasks-per-child=200
# beside the others started with -Q celery.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("pdf"))
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "publication.tasks.task_render_certificate": {"queue": "pdf"},
    "publication.tasks.task_zip_certificates": {"queue": "pdf"},
}
# Certificate batches: every certificate rendered renews the batch's lease; the sweep
# sends again the work of a batch whose lease ran out (worker killed, broker down),
# and fails it after CERTIFICATE_BATCH_MAX_ATTEMPTS such restarts.
CERTIFICATE_BATCH_LEASE_SECONDS = int(
    os.environ.get("CERTIFICATE_BATCH_LEASE_SECONDS", 300)
)
CERTIFICATE_BATCH_MAX_ATTEMPTS = int(
    os.environ.get("CERTIFICATE_BATCH_MAX_ATTEMPTS", 3)
)
# Upload jobs: a running job renews a lease on its batch; a batch whose lease ran out
# (worker killed) or whose job could not be queued (broker down) is queued again by
# the sweep; after IMPORT_JOB_MAX_ATTEMPTS starts the batch is failed, not retried.
IMPORT_JOB_LEASE_SECONDS = int(os.environ.get("IMPORT_JOB_LEASE_SECONDS", 120))
IMPORT_JOB_MAX_ATTEMPTS = int(os.environ.get("IMPORT_JOB_MAX_ATTEMPTS", 3))
IMPORT_JOB_QUEUED_STALE_SECONDS = int(
    os.environ.get("IMPORT_JOB_QUEUED_STALE_SECONDS", 900)
)
IMPORT_SWEEP_SECONDS = int(os.environ.get("IMPORT_SWEEP_SECONDS", 60))
# Ranking recompute jobs: triggers within the debounce window join one job; a job
# whose lease ran out (worker killed) or that waits past its due time (broker down)
# is sent again by the sweep; after RANKING_JOB_MAX_ATTEMPTS starts it is failed.
RANKING_RECOMPUTE_DEBOUNCE_SECONDS = int(
    os.environ.get("RANKING_RECOMPUTE_DEBOUNCE_SECONDS", 30)
)
RANKING_JOB_LEASE_SECONDS = int(os.environ.get("RANKING_JOB_LEASE_SECONDS", 300))
RANKING_JOB_MAX_ATTEMPTS = int(os.environ.get("RANKING_JOB_MAX_ATTEMPTS", 3))
RANKING_JOB_QUEUED_STALE_SECONDS = int(
    os.environ.get("RANKING_JOB_QUEUED_STALE_SECONDS", 120)
)
CELERY_BEAT_SCHEDULE = {
    "sweep-certificate-batches": {
        "task": "publication.tasks.task_sweep_certificate_batches",
        "schedule": IMPORT_SWEEP_SECONDS,
        "options": {"expires": IMPORT_SWEEP_SECONDS},
    },
    "sweep-recompute-jobs": {
        "task": "scoring.tasks.task_sweep_recompute_jobs",
        "schedule": IMPORT_SWEEP_SECONDS,
        "options": {"expires": IMPORT_SWEEP_SECONDS},
    },
    "sweep-upload-jobs": {
        "task": "participants.tasks.task_sweep_upload_jobs",
        "schedule": IMPORT_SWEEP_SECONDS,
        "options": {"expires": IMPORT_SWEEP_SECONDS},
    },
    "remove-old-upload-files": {
        "task": "participants.tasks.task_remove_old_upload_files",
        "schedule": 3600,
        "options": {"expires": 3600},
    },
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    # The token class comes first: its WWW-Authenticate header turns an anonymous
    # refusal into 401 (DRF answers 403 when the first class names no challenge).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_PAGINATION_CLASS": "paritrana.pagination.PortalPagination",
    "DEFAULT_PARSER_CLASSES": [
        "paritrana.parsers.PortalJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "paritrana.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "paritrana.api_errors.handle_api_exception",
    "PAGE_SIZE": 50,
    # Every operation is throttled per client through the default cache (the shared
    # Redis when REDIS_URL is set, so all gunicorn workers count together):
    # anonymous clients by address, signed-in ones by user. A 429 says when to
    # come back (Retry-After). Throttling spares the portal; it is not security.
    "DEFAULT_THROTTLE_CLASSES": [
        "accounts.throttles.AnonymousThrottle",
        "accounts.throttles.SignedInThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("PUBLIC_API_RATE", "120/minute"),
        "user": os.environ.get("USER_API_RATE", "600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Paritrana Portal API",
    "DESCRIPTION": "Regions, BPJS offices and award data of the Paritrana Award.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # ImportBatch's choices (participants.models.imports), named for the schema.
    "ENUM_NAME_OVERRIDES": {
        "UploadKindEnum": "participants.forms.uploads.Kind",
        "RecordStatusEnum": "review.models.ReviewStatus",
        "UploadStatusEnum": "participants.models.imports.ImportBatch.Status",
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A notification's mail job waits this long, so that a burst of notices to one person
# (an API client submitting many reports) leaves as one mail.
NOTIFICATION_MAIL_DELAY_SECONDS = int(
    os.environ.get("NOTIFICATION_MAIL_DELAY_SECONDS", "60")
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@paritrana.local")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# A mail job holds its notices' row lock (and on SQLite the write lock) while it
# sends: a slow mail server is cut off and the job retried, never waited on for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# A province's own coverage report can be approved only once every kab/kota report of
# that province and year is approved.
COVERAGE_PROVINCE_AFTER_REGENCIES = env_bool("COVERAGE_PROVINCE_AFTER_REGENCIES", True)

# Uploads of coverage data: size and row limits, and from how many rows a file is
# checked and saved by a background job (with a progress bar) instead of at once.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 100_000))
IMPORT_BACKGROUND_BYTES = int(os.environ.get("IMPORT_BACKGROUND_BYTES", 100 * 1024))
# What a workbook may expand to before a cell is read (the national village file,
# 83.762 rows, takes 21 MB), its widest sheet (templates use 11 columns), and the
# memory and time of the child process that reads its first sheet.
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", 128 * 1024 * 1024)
)
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", 40))
IMPORT_READER_MAX_MEMORY = int(
    os.environ.get("IMPORT_READER_MAX_MEMORY", 1024 * 1024 * 1024)
)
IMPORT_READER_MAX_SECONDS = int(os.environ.get("IMPORT_READER_MAX_SECONDS", 60))

# Files of uploads never saved (rejected, failed, reverted, abandoned) are removed
# this many days after their last step, and count until then in a quota per user
# (0: no limit).
IMPORT_FILE_RETENTION_DAYS = int(os.environ.get("IMPORT_FILE_RETENTION_DAYS", 30))
IMPORT_QUOTA_FILES = int(os.environ.get("IMPORT_QUOTA_FILES", 50))
IMPORT_QUOTA_BYTES = int(os.environ.get("IMPORT_QUOTA_BYTES", 200 * 1024 * 1024))

# Request bodies: a body declaring more than the largest upload (IMPORT_MAX_BYTES or
# EVIDENCE_MAX_BYTES) plus this room for the form around it is refused with 413
# before it is read (paritrana.request_limits). Form fields and JSON bodies are held
# in memory up to DATA_UPLOAD_MAX_MEMORY_SIZE; larger uploaded files go to a
# temporary file.
REQUEST_OVERHEAD_BYTES = int(os.environ.get("REQUEST_OVERHEAD_BYTES", 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
)

# Where `load_regions` reads from by default: the installed npm package.
IDN_AREA_DATA_DIR = Path(
    os.environ.get(
        "IDN_AREA_DATA_DIR", BASE_DIR / "node_modules" / "idn-area-data" / "data"
    )
)

# Production hardening; `manage.py check --deploy` is clean with DEBUG off.
# HTTPS: whether visitors reach the portal over HTTPS (production: yes). Secure
# cookies, HSTS and the HTTPS redirect follow it; `make run` on localhost sets HTTPS=0.
HTTPS = env_bool("HTTPS", not DEBUG)
# TRUSTED_PROXY: how many reverse proxies stand in front of gunicorn (0: none). Only
# then are X-Forwarded-Proto (HTTPS) and X-Forwarded-For (the client address, as the
# outermost proxy saw it) believed: otherwise any client could claim either.
TRUSTED_PROXY = int(os.environ.get("TRUSTED_PROXY", "0") or 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 * HTTPS))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Signed-in sessions end after this many idle minutes; every request renews them.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
CSRF_FAILURE_VIEW = "paritrana.views.csrf_failure"

# Content security policy (django-csp) on HTML pages: only the portal's own files, no
# inline script or style (the 500 page's style carries a nonce). Other responses
# (JSON, files) get `default-src 'none'` (paritrana.middleware.PortalCSPMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Logging: one line per record on stderr. A refusal (4xx) is one line with method,
# path, status, user and reason (paritrana.request_log.RefusalFilter); errors (5xx) keep
# their traceback, once.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "paritrana.request_log.RefusalFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%d %H:%M:%S%z",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["refusals"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print requests a second time.
        "django": {"handlers": [], "level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Every sign-in and failure is kept in axes' tables; the log shows lock-outs.
        "axes": {"level": "WARNING"},
    },
}
