"""Django settings of the console, from the environment and the state folder.

``SIGNAGE_CONSOLE_STATE``  the state folder (database, screenshots, secret key)
``DATABASE_URL``           PostgreSQL (``postgres://user:pass@host/db``); default SQLite
``SIGNAGE_CONSOLE_HOSTS``  host names it answers to, comma-separated
``SIGNAGE_CONSOLE_HTTPS``  1 behind HTTPS: secure cookies, HSTS
``SIGNAGE_CONSOLE_FEED``   the published ``feed.json`` (path): sites and publications
``SIGNAGE_CONSOLE_FEED_URL`` the feed's address for screens (default: ``/flux/feed.json``)
``SIGNAGE_CONSOLE_KEY``    the private key publications are signed with (default
                           ``STATE/keys/publish.key``, made on first use, mode 0600)
``SIGNAGE_CONSOLE_SCREEN_KEY`` the public key the screens hold: any other is refused
``SIGNAGE_CONSOLE_PREVIEW_WORKERS`` render processes for previews (default 2)
``SIGNAGE_CONSOLE_TRUSTED_PROXIES`` proxies whose X-Forwarded-For is believed
                           (default ``127.0.0.1,::1``: nginx on this machine)
``SIGNAGE_CONSOLE_DEBUG``  1 for development only
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from signage.console.state import secret_key, state_folder

STATE = state_folder()
BASE_DIR = Path(__file__).resolve().parent
# The console's domains, lowest first: each imports only those before it
# (tests/test_architecture.py checks it).
DOMAINS = ("people", "content", "rooms", "screens", "reports", "fleet")
SECRET_KEY = os.environ.get("SIGNAGE_CONSOLE_SECRET_KEY") or secret_key(STATE)
DEBUG = os.environ.get("SIGNAGE_CONSOLE_DEBUG") == "1"
HTTPS = os.environ.get("SIGNAGE_CONSOLE_HTTPS") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SIGNAGE_CONSOLE_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
PUBLISHED_FEED = os.environ.get("SIGNAGE_CONSOLE_FEED") or None
# The feed's address as screens reach it (given at pairing); default: the console's own
# /flux/feed.json, served from the published folder.
FEED_URL = os.environ.get("SIGNAGE_CONSOLE_FEED_URL", "")
PUBLISH_KEY = os.environ.get("SIGNAGE_CONSOLE_KEY") or str(STATE / "keys" / "publish.key")
SCREEN_PUBLIC_KEY = os.environ.get("SIGNAGE_CONSOLE_SCREEN_KEY", "")
# A save, a deletion, a referent's « Valider » publish at once (0: only « Publier » does).
PUBLISH_ON_SAVE = os.environ.get("SIGNAGE_CONSOLE_PUBLISH_ON_SAVE", "1") != "0"
PREVIEW_WORKERS = int(os.environ.get("SIGNAGE_CONSOLE_PREVIEW_WORKERS", "2"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "simple_history",
    "signage.console.apps.ConsoleConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "signage.console.language.FrenchFirstMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "signage.console.urls"
WSGI_APPLICATION = "signage.console.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Each domain keeps its pages beside its views (people/templates/people/…).
        "DIRS": [BASE_DIR / domain / "templates" for domain in DOMAINS],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "signage.console.people.roles.role_context",
            ]
        },
    }
]

# SQLite in the state folder (WAL: readers never wait for the heartbeat writer), or
# PostgreSQL through DATABASE_URL, with the same migrations.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(STATE / "console.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A connection per worker thread, kept: opening one (and its PRAGMAs) cost
            # 1.7 ms, a third of a settings poll.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:fleet"
LOGOUT_REDIRECT_URL = "console:login"

# The proxies whose X-Forwarded-For is believed (client_address.py): the documented
# nginx runs on this machine. Comma-separated addresses or networks.
TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get("SIGNAGE_CONSOLE_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if p.strip()
]

# Five wrong passwords for one name from one client address: that name is locked for
# 15 minutes from that address only (the real person signs in from elsewhere).
AXES_CLIENT_IP_CALLABLE = "signage.console.client_address.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "people/locked.html"
AXES_RESET_ON_SUCCESS = True

SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_SSL_REDIRECT = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# French only: the people of the ESC work in French, and a half-translated English mode
# (buttons left in French) was worse than none.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = STATE / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # no collectstatic step for a small installation
MEDIA_ROOT = STATE / "media"

# Heartbeats: a status of a few kilobytes and a 480-pixel PNG.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads (posters) go to a temp file
HEARTBEAT_MAX_BYTES = 2 * 1024 * 1024
SCREENSHOT_MAX_BYTES = 1024 * 1024
# A full-size capture asked for from a screen's page (a 4K PNG): read to a temp file.
CAPTURE_MAX_BYTES = 24 * 1024 * 1024
RETENTION_DAYS = int(os.environ.get("SIGNAGE_CONSOLE_RETENTION_DAYS", "30"))

# Alert mails (docs/console.md): none unless a mail server is given.
EMAIL_HOST = os.environ.get("SIGNAGE_CONSOLE_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("SIGNAGE_CONSOLE_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SIGNAGE_CONSOLE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SIGNAGE_CONSOLE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_PORT == 587
DEFAULT_FROM_EMAIL = os.environ.get("SIGNAGE_CONSOLE_EMAIL_FROM", "ecrans@localhost")
EMAIL_TIMEOUT = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"short_client_errors": {"()": "signage.console.log_filters.ShortClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["short_client_errors"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
