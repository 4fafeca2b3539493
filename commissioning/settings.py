"""Settings: one module driven by environment variables.

With nothing set, the portal runs embedded: SQLite in the project, Celery tasks run eagerly,
mail goes to the console, DEBUG is on. Setting DATABASE_URL means a real deployment: DEBUG then
defaults to off, and production only hardens (secure cookies, HSTS, SSL redirect, CSP).
Every variable is listed in the README.
"""

from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from commissioning.conf import accounts, api, beat, security, storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")

# DEBUG is on by default only for the embedded, no-services setup.
DEBUG = env.bool("DEBUG", default=not DATABASE_URL)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: it has no default when DEBUG is false.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The consortium whose name brands the pages when none is loaded yet.
PORTAL_NAME = env.str("PORTAL_NAME", default="Placement commissioning portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "csp",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "kernel",  # its template library: {% load pagination %}
    "notifications",  # the outbox of side effects, below every app (ADR 16)
    "boroughs",
    "providers",
    "placements",
    "outcomes",
    "commissioning.reports",
    "commissioning.dataprotection",
    "commissioning.notices",
    "commissioning",  # last: cross-app commands such as seed_demo
]

MIDDLEWARE = [
    # First, so that everything after it sees the client's address, not the proxy's.
    "commissioning.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any body is read (the CSRF check reads a form's in process_view), and after the
    # user is known, for the 413 page.
    "commissioning.limits.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "boroughs.middleware.RequireMfaMiddleware",
    # Gives model history the signed-in user of pages, the API and the admin (boroughs.audit).
    "simple_history.middleware.HistoryRequestMiddleware",
    "boroughs.middleware.DomainRefusalMiddleware",
]

ROOT_URLCONF = "commissioning.urls"
WSGI_APPLICATION = "commissioning.wsgi.application"

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
                "boroughs.context_processors.portal",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url_config(DATABASE_URL)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if DATABASE_URL else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction pooling mode, server-side cursors must be off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that drops packets fails a request in seconds, not minutes (ADR 14).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
    # JIT compilation costs more than it saves on this workload's short aggregates (about a
    # second on a national-scale savings total; see bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The audit trail (boroughs.audit): the admin shows history, never reverts (it skips the rules).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Cache: Redis's next database after the broker's (clearing it never drops tasks), or in-process.
CACHE_URL = env.str("CACHE_URL", default=storage.next_redis_db(REDIS_URL))
# Seconds Redis (cache and broker) may take to connect or answer: a dead host costs under one.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
# An unreachable cache degrades, never fails: counted and computed in-process (ADR 14, cache.py).
CACHES = {
    "default": {
        "BACKEND": "commissioning.cache.DegradingRedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            # Version counters whose increments an outage may have lost (placements.money).
            "BUMP_AFTER_OUTAGE": ["placements:money-version"],
        },
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Limits (ADR 14): every request size limit, here and nowhere else ---------------------------
# gunicorn.conf.py takes the header limits from here, and the proxy settings in the README give
# the same numbers; tests/faults/test_limits.py holds them to it.
# One uploaded file (evidence, documents): boroughs/uploads.py refuses a larger one by name.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024
# A form carrying a file: the file, a megabyte for the other fields. A larger Content-Length is
# refused with 413 before the body is read, and an upload streaming past it is stopped
# (commissioning.limits). The proxy's client_max_body_size is this.
REQUEST_BODY_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
# Any other body (a form without a file, JSON to the API): refused with 413 over this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5MB, Django's default, stated
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# An uploaded file larger than this is streamed to a temporary file, not held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "commissioning.limits.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# gunicorn's limits on the request line and the headers (the proxy's large_client_header_buffers).
REQUEST_LINE_MAX_BYTES = 8190
REQUEST_HEADER_FIELDS_MAX = 100
REQUEST_HEADER_FIELD_MAX_BYTES = 8190

# Files: uploaded and generated files go through the storage API, never a local path, so
# any web or worker host can read what another wrote. Media is private: no public URL.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = storage.storages(
    bucket_name=AWS_STORAGE_BUCKET_NAME,
    endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default="") or None,
    media_root=MEDIA_ROOT,
    debug=DEBUG,
)
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Users and sign-in --------------------------------------------------------------------------
AUTH_USER_MODEL = "boroughs.User"
AUTHENTICATION_BACKENDS = accounts.AUTHENTICATION_BACKENDS
AUTH_PASSWORD_VALIDATORS = accounts.AUTH_PASSWORD_VALIDATORS
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_ADAPTER = "boroughs.adapters.AccountAdapter"
# Single sign-on with Microsoft Entra ID for council staff (ADR 8): on when ENTRA_CLIENT_ID is
# set. It signs in existing staff of a borough whose Entra tenant is recorded; it makes no
# accounts, and the portal's own MFA still follows.
SOCIALACCOUNT_ADAPTER = "boroughs.entra.EntraAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
ENTRA_CLIENT_ID = env.str("ENTRA_CLIENT_ID", default="")
ENTRA_LOGIN_URL = env.str("ENTRA_LOGIN_URL", default="https://login.microsoftonline.com")
SOCIALACCOUNT_PROVIDERS = accounts.entra_providers(
    client_id=ENTRA_CLIENT_ID,
    secret=env.str("ENTRA_CLIENT_SECRET", default=""),
    login_url=ENTRA_LOGIN_URL,
    graph_url=env.str("ENTRA_GRAPH_URL", default="https://graph.microsoft.com"),
)
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = accounts.rate_limits(
    login_failed=env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key")
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The same forms in GOV.UK wording (commissioning.conf.accounts).
ACCOUNT_FORMS = accounts.ACCOUNT_FORMS
MFA_ADAPTER = "boroughs.adapters.MFAAdapter"
MFA_FORMS = accounts.MFA_FORMS
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default=PORTAL_NAME)

# --- Mail -----------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# GOV.UK Notify, as public services send mail: with an API key it replaces EMAIL_URL. The
# service needs one email template with subject ((subject)) and body ((body)).
GOVUK_NOTIFY_API_KEY = env.str("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env.str("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", default="")
GOVUK_NOTIFY_BASE_URL = env.str(
    "GOVUK_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
)
if GOVUK_NOTIFY_API_KEY:
    if not GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID:
        raise ImproperlyConfigured(
            "Set GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID: the Notify template whose subject is "
            "((subject)) and body ((body))."
        )
    EMAIL_BACKEND = "boroughs.mail.NotifyEmailBackend"

# --- API --------------------------------------------------------------------------------------------
REST_FRAMEWORK = api.rest_framework(
    anon_rate=env.str("API_ANON_RATE", default="60/min"),
    user_rate=env.str("API_USER_RATE", default="1200/min"),
)
SPECTACULAR_SETTINGS = api.SPECTACULAR_SETTINGS

# --- Celery ---------------------------------------------------------------------------------------
# Without Redis, tasks run in the calling process (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT * 9 // 10, CELERY_TASK_TIME_LIMIT - 30)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker goes away reconnects for as long as it takes (commissioning/worker.py);
# a task running meanwhile finishes, and its outbox row keeps a redelivery from running it twice.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CONSUMER = "commissioning.worker:Consumer"
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# The longest hard time limit of any task (the daily anonymisation; a test holds every task to
# it). A message unacknowledged for the visibility timeout goes back to the queue: shorter than a
# task runs, it would be delivered twice; much longer, a killed worker's waits that long (ADR 14).
CELERY_LONGEST_TASK_SECONDS = 60 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_LONGEST_TASK_SECONDS + 5 * 60,
    # A request that sends a task must not wait long on an unreachable broker.
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": max(REDIS_SOCKET_TIMEOUT, 5.0),  # above the worker's 1-second poll
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = max(REDIS_SOCKET_TIMEOUT, 5.0)
# Else the result backend retries 20 times a second apart: a page waited 20 s, then 500 (issue 15)
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"timeout": 1.0}}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "Europe/London"
# The one beat schedule, in code (commissioning/conf/beat.py).
# --- Reports ----------------------------------------------------------------------------------------
# A report run whose worker has not reported progress for this long is requeued by the sweeper,
# which beat runs every REPORTS_SWEEP_EVERY_MINUTES and each worker runs as it starts (and again
# once REPORTS_STALE_AFTER has passed), so a run whose worker died is requeued without beat too.
REPORTS_STALE_AFTER = env.int("REPORTS_STALE_AFTER", default=300)
REPORTS_SWEEP_EVERY_MINUTES = env.int("REPORTS_SWEEP_EVERY_MINUTES", default=5)
if REPORTS_STALE_AFTER < 1 or not 1 <= REPORTS_SWEEP_EVERY_MINUTES <= 59:
    raise ImproperlyConfigured(
        "REPORTS_STALE_AFTER must be 1 or more and REPORTS_SWEEP_EVERY_MINUTES from 1 to 59"
    )
# What one provider accreditation costs a borough to run alone: the savings summary's "cost
# avoided" by accrediting once for the consortium (an assumption the report states; ADR 0007).
REPORTS_ACCREDITATION_UNIT_COST = Decimal(env.str("REPORTS_ACCREDITATION_UNIT_COST", "1250.00"))
# The Open Contracting ocid prefix: a placeholder until the consortium registers one with OCP.
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-xxxxxx-slcp")
PLACEMENTS_STANDARD_PSEUDONYM_KEY = env.str("PLACEMENTS_STANDARD_PSEUDONYM_KEY", default="")
# Signed agreements are sealed with a PDF signature when a PKCS#12 file is given (ADR 20).
AGREEMENT_SIGNING_PKCS12 = env.str("AGREEMENT_SIGNING_PKCS12", default="")
AGREEMENT_SIGNING_PASSPHRASE = env.str("AGREEMENT_SIGNING_PASSPHRASE", default="")

# --- Data protection (ADR 10) ---------------------------------------------------------------------
# Years after a child's last placement ends (or last request is decided, if never placed) before
# the daily job anonymises the commissioning record (the case file is in the borough's systems).
CHILD_RECORD_RETENTION_YEARS = env.int("CHILD_RECORD_RETENTION_YEARS", default=6)
# Days a subject access export's files are kept before the daily job deletes them.
SUBJECT_ACCESS_EXPORT_KEEP_DAYS = env.int("SUBJECT_ACCESS_EXPORT_KEEP_DAYS", default=30)
if CHILD_RECORD_RETENTION_YEARS < 1 or SUBJECT_ACCESS_EXPORT_KEEP_DAYS < 1:
    raise ImproperlyConfigured(
        "CHILD_RECORD_RETENTION_YEARS and SUBJECT_ACCESS_EXPORT_KEEP_DAYS must be 1 or more"
    )

CELERY_BEAT_SCHEDULE = beat.beat_schedule(sweep_every_minutes=REPORTS_SWEEP_EVERY_MINUTES)

# --- Outbox (ADR 16) ------------------------------------------------------------------------------
# Seconds a page waits on the broker before leaving a side effect to the relay; sends (backing
# off 1, 2, 4 ... minutes, at most an hour apart) before it is marked failed for an operator.
OUTBOX_BROKER_TIMEOUT = env.float("OUTBOX_BROKER_TIMEOUT", default=1.0)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
if OUTBOX_BROKER_TIMEOUT <= 0 or OUTBOX_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("OUTBOX_BROKER_TIMEOUT must be above 0, OUTBOX_MAX_ATTEMPTS 1+")

# --- Pages ------------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
SILENCED_SYSTEM_CHECKS: list[str] = []

# --- Security: production only hardens ------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]  # load balancers probe over plain HTTP
# Only behind a proxy that sets X-Forwarded-Proto itself; otherwise a client could forge it.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of gunicorn that append to X-Forwarded-For (a TLS proxy: 1; 0: the header is
# ignored). The middleware puts the client's address in REMOTE_ADDR once, so allauth's and DRF's
# own counts stay 0: counting again would take the wrong hop (ADR 14).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
ALLAUTH_TRUSTED_PROXY_COUNT = 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = security.content_security_policy(
    sign_in_urls=[ENTRA_LOGIN_URL] if ENTRA_CLIENT_ID else []
)

LOGGING = security.logging_config(level=env.str("LOG_LEVEL", default="INFO"))

# Absolute links in emails (invitations, password resets sent by workers) start with this;
# without it they follow PORT, the port `make run PORT=...` serves on.
PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
PORTAL_OPEN_SIGNUP = env.bool("PORTAL_OPEN_SIGNUP", default=True)  # providers sign up
