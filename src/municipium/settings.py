"""Municipium settings: one file, every deployment knob read from an environment variable.

Each variable is documented in docs/configuration.md. The helpers below fail loudly
(ImproperlyConfigured) on a value they cannot read, instead of guessing.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("MUNICIPIUM_DEBUG", False)
VAR_DIR = Path(env_str("MUNICIPIUM_VAR_DIR", str(Path.cwd() / "var"))).resolve()


def _secret_key() -> str:
    key = os.environ.get("MUNICIPIUM_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "MUNICIPIUM_SECRET_KEY is required when MUNICIPIUM_DEBUG is off."
        )
    # Development only: a random key kept beside the local database, never in the code.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "MUNICIPIUM_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("MUNICIPIUM_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("MUNICIPIUM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    # Only for its templates and static files: the API docs page then loads Swagger UI from
    # this site, without inline script (the Content-Security-Policy), instead of from a CDN.
    "ninja",
    "municipium.tenants",
    "municipium.accounts",
    "municipium.audit",
    "municipium.workdays",
    "municipium.registry",
    "municipium.search",
    "municipium.eservices",
    "municipium.newsroom",
    "municipium.events",
    "municipium.consultations",
    "municipium.insights",
    # associations (issue 13)
    "municipium.associations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "municipium.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's own language, not the browser's (accounts/language.py).
    "municipium.accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "municipium.urls"
WSGI_APPLICATION = "municipium.wsgi.application"

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
                "municipium.tenants.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under MUNICIPIUM_VAR_DIR unless DATABASE_URL names another.
_default_sqlite = f"sqlite:///{VAR_DIR / 'municipium.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        conn_max_age=env_int("MUNICIPIUM_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    _busy = env_int("MUNICIPIUM_SQLITE_BUSY_TIMEOUT", 20, minimum=1)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": _busy,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={_busy * 1000}; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs 20-500 ms on a search of a large index (decided by cost
    # estimates, so it strikes the big statements hardest) and saves nothing on the short
    # statements of a web request: off on the application's connections (ADR 0023). A
    # DATABASE_URL whose `options` already set jit keeps its own choice.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _given = str(_options.get("options", ""))
    if "jit" not in _given:
        _options["options"] = f"{_given} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["municipium.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lock-out: this many failed logins for one account within the window lock it for the window
# (for strangers' browsers; see accounts.devices), and this many from one client address, to
# any accounts, refuse that address for the window.
LOGIN_FAILURE_LIMIT = env_int("MUNICIPIUM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("MUNICIPIUM_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("MUNICIPIUM_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Password-reset e-mails per hour: to one address, and asked for from one network address.
PASSWORD_RESET_ADDRESS_LIMIT = env_int("MUNICIPIUM_PASSWORD_RESET_ADDRESS_LIMIT", 3, minimum=1)
PASSWORD_RESET_CLIENT_LIMIT = env_int("MUNICIPIUM_PASSWORD_RESET_CLIENT_LIMIT", 10, minimum=1)
EMAIL_VERIFICATION_MAX_AGE_HOURS = env_int("MUNICIPIUM_EMAIL_VERIFICATION_HOURS", 48, minimum=1)

FORMS_URLFIELD_ASSUME_HTTPS = True

LANGUAGE_CODE = env_str("MUNICIPIUM_LANGUAGE", "bg")
LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("pl", _("Polish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["municipium.formats"]
TIME_ZONE = env_str("MUNICIPIUM_TIME_ZONE", "Europe/Sofia")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"MUNICIPIUM_TIME_ZONE: unknown time zone {TIME_ZONE!r}.") from None
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "municipium_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"


def _file_storage(kind: str) -> dict[str, Any]:
    """Where the blobs (attachments, e-mails, applications' files) are kept: `local`, a folder
    of this machine, or `s3`, an S3-compatible bucket that every web and task machine shares."""
    if kind == "local":
        if os.environ.get("MUNICIPIUM_S3_BUCKET"):
            raise ImproperlyConfigured(
                "MUNICIPIUM_S3_BUCKET is set but MUNICIPIUM_STORAGE is local: "
                "set MUNICIPIUM_STORAGE=s3, or remove the bucket."
            )
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(VAR_DIR / "media")},
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"MUNICIPIUM_STORAGE must be local or s3, not {kind!r}.")
    bucket = env_str("MUNICIPIUM_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured(
            "MUNICIPIUM_S3_BUCKET is required when MUNICIPIUM_STORAGE is s3."
        )
    # The keys come from the environment only. Without them boto3 looks where it always does
    # (AWS_ACCESS_KEY_ID, ~/.aws, the machine's role).
    access_key = env_str("MUNICIPIUM_S3_ACCESS_KEY", "")
    secret_key = env_str("MUNICIPIUM_S3_SECRET_KEY", "")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both MUNICIPIUM_S3_ACCESS_KEY and MUNICIPIUM_S3_SECRET_KEY, or neither."
        )
    addressing = env_str("MUNICIPIUM_S3_ADDRESSING_STYLE", "auto")
    if addressing not in ("auto", "path", "virtual"):
        raise ImproperlyConfigured(
            f"MUNICIPIUM_S3_ADDRESSING_STYLE must be auto, path or virtual, not {addressing!r}."
        )
    return {
        "BACKEND": "municipium.registry.storage.S3BlobStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("MUNICIPIUM_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("MUNICIPIUM_S3_REGION", "") or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "addressing_style": None if addressing == "auto" else addressing,
            "signature_version": "s3v4",
            "querystring_expire": S3_URL_SECONDS,
            "file_overwrite": False,
            "default_acl": None,
        },
    }


STORAGE = env_str("MUNICIPIUM_STORAGE", "local").strip().lower()
# A signed URL of the bucket (MUNICIPIUM_S3_DOWNLOADS=redirect) works this many seconds.
S3_URL_SECONDS = env_int("MUNICIPIUM_S3_URL_SECONDS", 60, minimum=1)
if S3_URL_SECONDS > 604800:
    raise ImproperlyConfigured("MUNICIPIUM_S3_URL_SECONDS must be at most 604800 (7 days).")
S3_DOWNLOADS = env_str("MUNICIPIUM_S3_DOWNLOADS", "stream").strip().lower()
if S3_DOWNLOADS not in ("stream", "redirect"):
    raise ImproperlyConfigured(
        f"MUNICIPIUM_S3_DOWNLOADS must be stream or redirect, not {S3_DOWNLOADS!r}."
    )
if S3_DOWNLOADS == "redirect" and STORAGE != "s3":
    raise ImproperlyConfigured("MUNICIPIUM_S3_DOWNLOADS=redirect needs MUNICIPIUM_STORAGE=s3.")
STORAGES = {
    "default": _file_storage(STORAGE),
    "staticfiles": {
        # Hashed, compressed names need `municipium collectstatic` first (see docs/deploy.md).
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("MUNICIPIUM_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# whitenoise serves straight from the app folders, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Files: uploads, text extraction, OCR, e-mail intake.
UPLOAD_MAX_MB = env_int("MUNICIPIUM_UPLOAD_MAX_MB", 50, minimum=1)
UNPACKED_MAX_MB = env_int("MUNICIPIUM_UNPACKED_MAX_MB", 200, minimum=1)
# Requests may carry one file of the limit plus the form around it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
TESSERACT = env_str("MUNICIPIUM_TESSERACT", "tesseract")
OCR_LANGUAGES = env_str("MUNICIPIUM_OCR_LANGUAGES", "bul+pol+eng")
# Text extraction runs in a child process under these limits (search/sandbox.py).
EXTRACT_TIMEOUT = env_int("MUNICIPIUM_EXTRACT_TIMEOUT", 300, minimum=1)
EXTRACT_MEMORY_MB = env_int("MUNICIPIUM_EXTRACT_MEMORY_MB", 2048, minimum=64)
INTAKE_DIR = env_str("MUNICIPIUM_INTAKE_DIR", "")

# Search: the compact lemma tables are built once into this folder and memory-mapped.
LEMMA_DIR = Path(env_str("MUNICIPIUM_LEMMA_DIR", str(VAR_DIR / "lemmas"))).resolve()

# E-services: abuse limits per client address and per e-mail address.
TRACK_RATE_PER_HOUR = env_int("MUNICIPIUM_TRACK_RATE_PER_HOUR", 30, minimum=1)
APPLY_RATE_PER_HOUR = env_int("MUNICIPIUM_APPLY_RATE_PER_HOUR", 10, minimum=1)


# The cache: whole anonymous public pages (tenants.public) and their invalidation. The default,
# a folder under the var dir, is shared by every gunicorn worker of the machine; Redis
# (Django's own backend) when several machines serve the site.
def _cache(url: str) -> dict[str, Any]:
    if url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "municipium",
        }
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("file://"):
        folder = url.removeprefix("file://")
        if not folder.startswith("/"):
            raise ImproperlyConfigured(
                f"MUNICIPIUM_CACHE_URL: give an absolute folder, file:///path, not {url!r}."
            )
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": folder,
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
        }
    raise ImproperlyConfigured(
        "MUNICIPIUM_CACHE_URL must start with file://, locmem://, redis:// or rediss://, "
        f"not {url!r}."
    )


CACHES = {"default": _cache(env_str("MUNICIPIUM_CACHE_URL", f"file://{VAR_DIR / 'cache'}"))}

TASKS = {
    "default": {
        "BACKEND": env_str("MUNICIPIUM_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env_str(
    "MUNICIPIUM_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("MUNICIPIUM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MUNICIPIUM_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("MUNICIPIUM_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("MUNICIPIUM_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("MUNICIPIUM_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("MUNICIPIUM_FROM_EMAIL", "Municipium <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _admins(value: str) -> list[tuple[str, str]]:
    """ "Name <address>, other@example.org" as Django's ADMINS."""
    from email.utils import getaddresses

    admins: list[tuple[str, str]] = []
    if not value.strip():
        return admins
    for name, address in getaddresses([value]):
        if "@" not in address:
            raise ImproperlyConfigured(
                f"MUNICIPIUM_ADMINS: {address or value!r} is no e-mail address."
            )
        admins.append((name or address, address))
    return admins


# Who gets error reports and the nightly audit verification's alarm.
ADMINS = _admins(env_str("MUNICIPIUM_ADMINS", ""))

SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("MUNICIPIUM_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("MUNICIPIUM_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("MUNICIPIUM_HSTS_PRELOAD", False)


def _trusted_proxies() -> int:
    """How many reverse proxies of our own stand in front of the web workers. The older
    MUNICIPIUM_BEHIND_PROXY=true means one; the two may not contradict each other."""
    behind = env_bool("MUNICIPIUM_BEHIND_PROXY", False)
    if os.environ.get("MUNICIPIUM_TRUSTED_PROXIES") is None:
        return 1 if behind else 0
    count = env_int("MUNICIPIUM_TRUSTED_PROXIES", 0, minimum=0)
    if "MUNICIPIUM_BEHIND_PROXY" in os.environ and behind != (count > 0):
        raise ImproperlyConfigured(
            f"MUNICIPIUM_BEHIND_PROXY={os.environ['MUNICIPIUM_BEHIND_PROXY']} contradicts "
            f"MUNICIPIUM_TRUSTED_PROXIES={count}; set only MUNICIPIUM_TRUSTED_PROXIES."
        )
    return count


# Behind our own reverse proxies: trust the X-Forwarded-Proto of the nearest one, and take the
# client's address from X-Forwarded-For, as many hops from its end as there are proxies
# (audit.services.client_ip); hops further left are the client's own word.
TRUSTED_PROXIES = _trusted_proxies()
BEHIND_PROXY = TRUSTED_PROXIES > 0
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# gunicorn, for `municipium serve`.
SERVE_BIND = env_str("MUNICIPIUM_BIND", "127.0.0.1:8000")
SERVE_WORKERS = env_int("MUNICIPIUM_WEB_WORKERS", 2, minimum=1)
SERVE_THREADS = env_int("MUNICIPIUM_WEB_THREADS", 4, minimum=1)

LOG_LEVEL = env_str("MUNICIPIUM_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"MUNICIPIUM_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
