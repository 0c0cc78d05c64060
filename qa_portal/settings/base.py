"""Settings shared by every environment. Values come from the environment (django-environ)."""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SERVICE_NAME = "School Quality Assurance"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "crispy_forms",
    "qa_portal.govuk_forms",  # the project's crispy-forms template pack for GOV.UK Frontend 6
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "qa_portal.accounts",
    "qa_portal.jobs",
    "qa_portal.notifications",
    # The product's apps, each above the ones before it (see README "Architecture").
    "schools",
    "classification",
    "visits",
    "governance",
    "dashboards",
    "records",
    "demo",
    # The read-only REST API (issue 21), above every other app. Django REST framework itself is not an installed
    # app: it answers JSON only (no browsable API), so its templates and static files (fonts, Bootstrap) are not
    # needed, and the service serves no font at all.
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pushes back the idle timeout every few minutes, not on every request (a write per page).
    "qa_portal.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the person has given their second factor this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The authority the request works in (request.authority), from the URL's prefix or the person's choice.
    "qa_portal.accounts.context.AuthorityContextMiddleware",
    "qa_portal.accounts.middleware.LoginRequiredByDefaultMiddleware",
    # After the password, nothing but the second-factor pages until the code is given (admin and downloads too).
    "qa_portal.accounts.middleware.SecondFactorRequiredMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qa_portal.urls"
WSGI_APPLICATION = "qa_portal.wsgi.application"

# <select> written in Python, markup as Django's (qa_portal/govuk_forms/renderer.py): options are not includes.
FORM_RENDERER = "qa_portal.govuk_forms.renderer.FormRenderer"

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
                "qa_portal.accounts.context_processors.navigation",
                "qa_portal.notifications.context_processors.unread_notifications",
            ],
        },
    },
]


def database_settings(environ_value):
    """The database from DATABASE_URL: unset means the SQLite file `db.sqlite3`; set but empty is a mistake
    (a blank line in .env or an unset shell variable) and is refused with a message, not a KeyError."""
    if environ_value is None:
        return env.db_url_config(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    if not environ_value.strip():
        raise ImproperlyConfigured(
            "DATABASE_URL is set but empty. Unset it to use the SQLite file db.sqlite3, or give a database URL "
            "such as postgres://user:password@127.0.0.1:5432/qa_portal."
        )
    config = env.db_url_config(environ_value.strip())
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL {environ_value!r} names no database. Use a URL such as "
            "postgres://user:password@127.0.0.1:5432/qa_portal."
        )
    return config


DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so that a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions end after two hours without activity and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # qa_portal.accounts.middleware.SessionActivityMiddleware refreshes the expiry
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling: five failures in a row lock the account for AXES_COOLOFF_MINUTES, from that address only.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock the account and the address together: locking the account alone would let anyone lock its owner out
# from anywhere, and locking the address alone would lock out everyone behind a school's network. The owner is
# emailed when it happens (qa_portal.accounts.lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "qa_portal.accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "qa_portal.accounts.lockout.axes_username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Two-factor sign-in (django-otp): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = SERVICE_NAME


def oidc_providers():
    """Single sign-on (qa_portal.accounts.sso): the OpenID providers configured in the environment, each shown as
    a button on the sign-in page. Microsoft Entra ID, Google and one other standard provider; none by default."""
    providers = []
    if env("OIDC_ENTRA_CLIENT_ID", default=""):
        tenant = env("OIDC_ENTRA_TENANT_ID", default="organizations")
        providers.append(
            {
                "slug": "microsoft",
                "name": "Sign in with Microsoft",
                "issuer": f"https://login.microsoftonline.com/{tenant}/v2.0",
                "client_id": env("OIDC_ENTRA_CLIENT_ID"),
                "client_secret": env("OIDC_ENTRA_CLIENT_SECRET", default=""),
                # Entra sends no email_verified: a tenant vouches for the addresses of its own directory.
                "require_email_verified": False,
                "email_claims": ["email", "preferred_username"],
            }
        )
    if env("OIDC_GOOGLE_CLIENT_ID", default=""):
        providers.append(
            {
                "slug": "google",
                "name": "Sign in with Google",
                "issuer": "https://accounts.google.com",
                "client_id": env("OIDC_GOOGLE_CLIENT_ID"),
                "client_secret": env("OIDC_GOOGLE_CLIENT_SECRET", default=""),
                "require_email_verified": True,
            }
        )
    if env("OIDC_ISSUER", default="") and env("OIDC_CLIENT_ID", default=""):
        providers.append(
            {
                "slug": env("OIDC_SLUG", default="organisation"),
                "name": env("OIDC_NAME", default="Sign in with your organisation’s account"),
                "issuer": env("OIDC_ISSUER"),
                "metadata_url": env("OIDC_METADATA_URL", default=""),
                "client_id": env("OIDC_CLIENT_ID"),
                "client_secret": env("OIDC_CLIENT_SECRET", default=""),
                "require_email_verified": env.bool("OIDC_REQUIRE_EMAIL_VERIFIED", default=True),
            }
        )
    return providers


OIDC_PROVIDERS = oidc_providers()

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The service is in English only: no translation machinery on every label, message and month name (issue 20's
# profiles: a date in a table cost a catalogue lookup per month name). Formats still come from en_GB below.
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
# The locale's formats win over the two above: en_GB's own are "9 Aug 2023" and "09/08/2023"; the house's are here.
FORMAT_MODULE_PATH = ["qa_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only what pages use is collected: compiled CSS, GOV.UK Frontend's JS (no GOV.UK font or image) and the
# service's own JS and icons.
STATICFILES_IGNORE_PATTERNS = ["src", "*.scss", "*.map"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["govuk"]
CRISPY_TEMPLATE_PACK = "govuk"

# Content Security Policy: no inline script or style without the per-request nonce (the one inline style is the
# authority's header colour, templates/base.html); no style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# The address people use to reach the service, for links in emails sent outside a request (reminders, digests).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="School Quality Assurance <no-reply@school-qa.example>")

# Retention of personal data (records.apply_retention, nightly): a governor's or headteacher's personal data is
# erased this many years after their last role ended; notifications are deleted after this many days.
RETENTION_GOVERNOR_YEARS = env.int("RETENTION_GOVERNOR_YEARS", default=6)
RETENTION_HEADTEACHER_YEARS = env.int("RETENTION_HEADTEACHER_YEARS", default=6)
RETENTION_NOTIFICATION_DAYS = env.int("RETENTION_NOTIFICATION_DAYS", default=365)

# Celery: with no REDIS_URL every task runs eagerly in the calling process, so the
# service works with no server at all; with REDIS_URL tasks go to a real worker.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A job whose worker dies is given back to the queue (and the reaper, jobs.reap_stale_jobs, finishes the story).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# With the broker down, handing a task over gives up in about two seconds; the outbox (qa_portal.jobs.outbox)
# keeps it and sends it again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A running job writes a heartbeat every JOB_HEARTBEAT_SECONDS; one silent for JOB_STALE_AFTER_SECONDS is retried
# once, then failed. A job still queued JOB_RESEND_QUEUED_AFTER_SECONDS after it was sent is sent again.
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=30)
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=300)
JOB_RESEND_QUEUED_AFTER_SECONDS = env.int("JOB_RESEND_QUEUED_AFTER_SECONDS", default=300)


# The read-only REST API (api/): personal API tokens (or a signed-in session that has given its second factor),
# the same permission layer as the pages, throttled per person.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PersonRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "School Quality Assurance API",
    "DESCRIPTION": (
        "A read-only API over what the service's pages show you: schools, published classifications, visits, "
        "published notes of visit, governance records and the dashboard's tables. Authenticate with a personal "
        "API token (Your account, API tokens) sent as `Authorization: Bearer <token>`; the token works in its "
        "authority with your roles there."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
}

CACHE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}


def cache_settings(redis_url, database):
    """Redis when there is one (shared by every process, so a change seen by one is seen by all); otherwise
    memory in the one process `make run` starts. Keys carry the database's name: two databases sharing one
    Redis never share cached rows."""
    prefix = Path(str(database["NAME"])).name
    if redis_url:
        # Fails open: with Redis down pages are made from the database (qa_portal.cache), and a page never waits
        # long on a dead Redis.
        backend = {"BACKEND": "qa_portal.cache.FailOpenRedisCache", "LOCATION": redis_url, "OPTIONS": CACHE_OPTIONS}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {"default": {**backend, "KEY_PREFIX": prefix}}


CACHES = cache_settings(REDIS_URL, DATABASES["default"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
