"""Mojoe's one settings module.

Every knob is an environment variable with a safe default; `docs/configuration.md` lists them all. A bad
value stops the process at start with a message that names the variable, rather than failing later.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def _env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- where Mojoe keeps its files -------------------------------------------------------------------
DATA_DIR = Path(os.environ.get("MOJOE_DATA_DIR") or "var").resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(f"MOJOE_DATA_DIR={DATA_DIR} cannot be created: {exc}") from None


def _secret_key() -> str:
    """The configured key, else one generated for this install and kept in the data dir.

    A key shared by every install would let anyone forge sessions and signed links, so there is no default.
    """
    configured = os.environ.get("MOJOE_SECRET_KEY", "").strip()
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("MOJOE_SECRET_KEY must be at least 32 characters long.")
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("MOJOE_DEBUG", False)
TESTING = "pytest" in sys.modules
ALLOWED_HOSTS = _env_list("MOJOE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("MOJOE_CSRF_TRUSTED_ORIGINS", [])
# Behind a TLS-terminating proxy the scheme must come from the proxy's header, never guessed.
if _env_bool("MOJOE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_bool("MOJOE_SECURE_COOKIES", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = _env_int("MOJOE_SESSION_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle sessions expire: automatic log-off
# Messages can carry a new API token shown once: keep them server-side, never in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- the database ------------------------------------------------------------------------------------
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    try:
        _db = dj_database_url.parse(_database_url, conn_max_age=_env_int("MOJOE_DB_CONN_MAX_AGE", 60))
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Mojoe understands: {exc}") from None
    if _db["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            "DATABASE_URL must point to PostgreSQL (postgres://) or SQLite (sqlite:///)."
        )
    if _db["ENGINE"] == "django.db.backends.postgresql" and _env_bool("MOJOE_DB_PREPARED_STATEMENTS", True):
        # The server plans a statement once per connection (prepared after its fifth run, psycopg's default)
        # rather than at every run: the statements an inbound text makes took about 0.1 ms less each. Values
        # are then sent apart from the SQL (server-side binding), which prepared statements need. A pooler
        # that hands a connection to another client between transactions cannot keep prepared statements:
        # behind one, set MOJOE_DB_PREPARED_STATEMENTS=false.
        _db.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
else:
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "mojoe.sqlite3")}

if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes every transaction take the write lock when it starts, so writes are serialized and a
    # check-then-insert (the double-booking check) cannot interleave with another writer.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file, not shared-cache memory: shared cache answers "locked" instead of waiting.
    _db["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
    # Each web thread keeps its connection, as with PostgreSQL: opening one and running the PRAGMAs above took
    # 1.2 ms here, longer than a whole request that stores a text.
    _db["CONN_MAX_AGE"] = _env_int("MOJOE_DB_CONN_MAX_AGE", 60)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- applications ------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_htmx",
    "huey.contrib.djhuey",
    "mojoe.core",
    "mojoe.practices",
    "mojoe.patients",
    "mojoe.scheduling",
    "mojoe.audit",
    "mojoe.messaging",
    "mojoe.assistant",
    "mojoe.inbox",
    "mojoe.booking",
    "mojoe.ui",
]
AUTH_USER_MODEL = "core.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mojoe.ui.context.PracticeMiddleware",
    "mojoe.ui.errors.MojoeErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mojoe.urls"
WSGI_APPLICATION = "mojoe.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mojoe.ui.context_processors.workspace",
            ]
        },
    }
]

AUTHENTICATION_BACKENDS = ["mojoe.ui.auth.UsernameOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The patient pages (self-booking) speak English and Spanish, like the assistant; the staff pages English.
LANGUAGES = [("en", "English"), ("es", "Español")]
LANGUAGE_COOKIE_NAME = "mojoe_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE  # MOJOE_SECURE_COOKIES, like the session's
TIME_ZONE = "UTC"  # stored in UTC; each practice computes in its own zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step in development

# --- email ----------------------------------------------------------------------------------------------
# Django's own emails (invitations) go into the outbox like every other message; MOJOE_EMAIL_PROVIDER (below)
# decides whether the outbox keeps them (console, the embedded default) or sends them through the SMTP relay.
EMAIL_BACKEND = os.environ.get("MOJOE_EMAIL_BACKEND", "mojoe.messaging.email_backend.OutboxEmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("MOJOE_DEFAULT_FROM_EMAIL", "Mojoe <mojoe@localhost>")
if "@" not in DEFAULT_FROM_EMAIL or "\n" in DEFAULT_FROM_EMAIL or "\r" in DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured(
        f"MOJOE_DEFAULT_FROM_EMAIL={DEFAULT_FROM_EMAIL!r} is not an address such as Mojoe <mojoe@example.org>."
    )
EMAIL_HOST = os.environ.get("MOJOE_EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("MOJOE_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("MOJOE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MOJOE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("MOJOE_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = _env_int("MOJOE_EMAIL_TIMEOUT", 15, minimum=1)
# Patients' emails in (docs/email.md): POST /webhooks/email/inbound is off until the secret is set.
MOJOE_EMAIL_INBOUND_SECRET = os.environ.get("MOJOE_EMAIL_INBOUND_SECRET", "").strip()
if MOJOE_EMAIL_INBOUND_SECRET and len(MOJOE_EMAIL_INBOUND_SECRET) < 16:
    raise ImproperlyConfigured("MOJOE_EMAIL_INBOUND_SECRET must be at least 16 characters long.")
# Its plus-addresses (chat+<practice slug>@…) reach the webhook; replies to Mojoe's email are sent there.
MOJOE_EMAIL_INBOUND_ADDRESS = os.environ.get("MOJOE_EMAIL_INBOUND_ADDRESS", "").strip().lower()
if MOJOE_EMAIL_INBOUND_ADDRESS:
    _inbound_local, _, _inbound_domain = MOJOE_EMAIL_INBOUND_ADDRESS.partition("@")
    if (
        not _inbound_local
        or not _inbound_domain
        or "+" in _inbound_local
        or "@" in _inbound_domain
        or any(c.isspace() or c in "<>," for c in MOJOE_EMAIL_INBOUND_ADDRESS)
    ):
        raise ImproperlyConfigured(
            f"MOJOE_EMAIL_INBOUND_ADDRESS={MOJOE_EMAIL_INBOUND_ADDRESS!r} must be a bare address without a "
            "plus part, such as chat@mojoe.example.org."
        )
MOJOE_EMAIL_INBOUND_MAX_BYTES = _env_int("MOJOE_EMAIL_INBOUND_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# Patients' emails fetched from a mailbox every minute (messaging/email_imap.py); empty host: off.
MOJOE_IMAP_HOST = os.environ.get("MOJOE_IMAP_HOST", "").strip()
MOJOE_IMAP_SECURITY = os.environ.get("MOJOE_IMAP_SECURITY", "ssl").strip().lower()
if MOJOE_IMAP_SECURITY not in ("ssl", "starttls", "none"):
    raise ImproperlyConfigured(
        f"MOJOE_IMAP_SECURITY={MOJOE_IMAP_SECURITY!r} must be ssl (port 993), starttls (port 143) or none."
    )
MOJOE_IMAP_PORT = _env_int("MOJOE_IMAP_PORT", 993 if MOJOE_IMAP_SECURITY == "ssl" else 143, minimum=1)
MOJOE_IMAP_USER = os.environ.get("MOJOE_IMAP_USER", "").strip()
MOJOE_IMAP_PASSWORD = os.environ.get("MOJOE_IMAP_PASSWORD", "")
MOJOE_IMAP_FOLDER = os.environ.get("MOJOE_IMAP_FOLDER", "INBOX").strip() or "INBOX"
MOJOE_IMAP_TIMEOUT = _env_int("MOJOE_IMAP_TIMEOUT", 30, minimum=1)
if MOJOE_IMAP_HOST and not (MOJOE_IMAP_USER and MOJOE_IMAP_PASSWORD):
    raise ImproperlyConfigured("MOJOE_IMAP_HOST is set: set MOJOE_IMAP_USER and MOJOE_IMAP_PASSWORD too.")
if MOJOE_IMAP_SECURITY == "none" and MOJOE_IMAP_HOST not in ("", "127.0.0.1", "::1", "localhost"):
    # The password would cross the network in clear.
    raise ImproperlyConfigured(
        "MOJOE_IMAP_SECURITY=none is only for a mailbox on this machine: use ssl or starttls."
    )

# --- background work ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
_huey_immediate = _env_bool("MOJOE_TASKS_IMMEDIATE", TESTING)
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "mojoe", "url": REDIS_URL, "immediate": _huey_immediate}
else:
    HUEY = {
        "huey_class": "mojoe.core.queue.MojoeSqliteHuey",  # synchronous=NORMAL: see core/queue.py
        "name": "mojoe",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": _huey_immediate,
    }
HUEY["consumer"] = {"workers": _env_int("MOJOE_WORKER_THREADS", 2, minimum=1), "worker_type": "thread"}
TASKS = {"default": {"BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend"}}
# Rate-limit counters: shared by every web process through Redis when there is one, per process otherwise.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Mojoe -------------------------------------------------------------------------------------------
MOJOE_DEFAULT_TIME_ZONE = os.environ.get("MOJOE_DEFAULT_TIME_ZONE", "America/New_York")
try:
    ZoneInfo(MOJOE_DEFAULT_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"MOJOE_DEFAULT_TIME_ZONE={MOJOE_DEFAULT_TIME_ZONE!r} is not an IANA time zone such as America/New_York."
    ) from None
MOJOE_DEFAULT_PHONE_REGION = os.environ.get("MOJOE_DEFAULT_PHONE_REGION", "US").upper()
# Self-booking (/p/<slug>/book): one-time codes sent per hour, per address and per phone or email, and code
# checks per address; 0 turns a limit off.
MOJOE_BOOKING_CODES_PER_IP_PER_HOUR = _env_int("MOJOE_BOOKING_CODES_PER_IP_PER_HOUR", 10)
MOJOE_BOOKING_CODES_PER_CONTACT_PER_HOUR = _env_int("MOJOE_BOOKING_CODES_PER_CONTACT_PER_HOUR", 3)
MOJOE_BOOKING_CODE_CHECKS_PER_IP_PER_HOUR = _env_int("MOJOE_BOOKING_CODE_CHECKS_PER_IP_PER_HOUR", 30)
# Web chat: messages one visitor (by address and by conversation) may send per minute; 0 turns the limit off.
MOJOE_CHAT_MESSAGES_PER_MINUTE = _env_int("MOJOE_CHAT_MESSAGES_PER_MINUTE", 20)
# Outbound messages (messaging.outbox): which adapter delivers each channel, and how hard to try.
_CHANNEL_ADAPTER_CHOICES = {
    "sms": {
        "console": "mojoe.messaging.channels.console.ConsoleAdapter",
        "twilio": "mojoe.messaging.channels.twilio.TwilioAdapter",
    },
    "email": {
        "console": "mojoe.messaging.channels.console.ConsoleAdapter",
        "smtp": "mojoe.messaging.channels.email.SmtpAdapter",
    },
}
MOJOE_SMS_PROVIDER = os.environ.get("MOJOE_SMS_PROVIDER", "console").strip().lower()
MOJOE_EMAIL_PROVIDER = os.environ.get("MOJOE_EMAIL_PROVIDER", "console").strip().lower()
for _channel, _provider in (("sms", MOJOE_SMS_PROVIDER), ("email", MOJOE_EMAIL_PROVIDER)):
    if _provider not in _CHANNEL_ADAPTER_CHOICES[_channel]:
        raise ImproperlyConfigured(
            f"MOJOE_{_channel.upper()}_PROVIDER={_provider!r} is not one of "
            f"{', '.join(_CHANNEL_ADAPTER_CHOICES[_channel])}."
        )
MOJOE_CHANNEL_ADAPTERS = {
    "sms": _CHANNEL_ADAPTER_CHOICES["sms"][MOJOE_SMS_PROVIDER],
    "email": _CHANNEL_ADAPTER_CHOICES["email"][MOJOE_EMAIL_PROVIDER],
}
MOJOE_OUTBOX_MAX_ATTEMPTS = _env_int("MOJOE_OUTBOX_MAX_ATTEMPTS", 6, minimum=1)
MOJOE_OUTBOX_RETRY_SECONDS = _env_int("MOJOE_OUTBOX_RETRY_SECONDS", 30, minimum=1)
# Automated texts (reminders, offers) one number may get per day; replies in a conversation do not count.
MOJOE_SMS_DAILY_CAP = _env_int("MOJOE_SMS_DAILY_CAP", 5, minimum=1)
MOJOE_SMS_PER_MINUTE = _env_int("MOJOE_SMS_PER_MINUTE", 60)
# SMS through Twilio (docs/sms.md). The account's credentials send texts (MOJOE_SMS_PROVIDER=twilio) and check
# the signature of Twilio's webhooks: without the auth token, /webhooks/twilio/… refuse every request.
MOJOE_SMS_INBOUND_PER_MINUTE = _env_int("MOJOE_SMS_INBOUND_PER_MINUTE", 20)
MOJOE_TWILIO_ACCOUNT_SID = os.environ.get("MOJOE_TWILIO_ACCOUNT_SID", "").strip()
MOJOE_TWILIO_AUTH_TOKEN = os.environ.get("MOJOE_TWILIO_AUTH_TOKEN", "").strip()
MOJOE_TWILIO_FROM = os.environ.get("MOJOE_TWILIO_FROM", "").strip()
MOJOE_TWILIO_API_BASE = (
    os.environ.get("MOJOE_TWILIO_API_BASE", "").strip() or "https://api.twilio.com"
).rstrip("/")
MOJOE_TWILIO_TIMEOUT = _env_int("MOJOE_TWILIO_TIMEOUT", 10, minimum=1)
# Once Mojoe keeps a picture a patient texted, the copy Twilio keeps (indefinitely, unless deleted) goes.
MOJOE_TWILIO_DELETE_MEDIA = _env_bool("MOJOE_TWILIO_DELETE_MEDIA", True)
# The address the outside world (Twilio) reaches this server at, such as https://mojoe.example.org: status
# callback URLs are built from it, and webhook signatures are checked against it rather than the Host header.
MOJOE_PUBLIC_URL = os.environ.get("MOJOE_PUBLIC_URL", "").strip().rstrip("/")
_sid_digits = MOJOE_TWILIO_ACCOUNT_SID[2:]
if MOJOE_TWILIO_ACCOUNT_SID and not (
    MOJOE_TWILIO_ACCOUNT_SID.startswith("AC")
    and len(_sid_digits) == 32
    and all(c in "0123456789abcdefABCDEF" for c in _sid_digits)
):
    raise ImproperlyConfigured(
        f"MOJOE_TWILIO_ACCOUNT_SID={MOJOE_TWILIO_ACCOUNT_SID!r} is not an Account SID (AC and 32 hex digits)."
    )
if MOJOE_TWILIO_FROM and not (
    MOJOE_TWILIO_FROM[:1] == "+" and MOJOE_TWILIO_FROM[1:].isdigit() and MOJOE_TWILIO_FROM[1:2] != "0"
    and 8 <= len(MOJOE_TWILIO_FROM) <= 16
):  # fmt: skip
    raise ImproperlyConfigured(
        f"MOJOE_TWILIO_FROM={MOJOE_TWILIO_FROM!r} is not a number in E.164 (+16175550100)."
    )
for _name, _url in (("MOJOE_TWILIO_API_BASE", MOJOE_TWILIO_API_BASE), ("MOJOE_PUBLIC_URL", MOJOE_PUBLIC_URL)):
    _scheme, _, _rest = _url.partition("://")
    if _url and (
        _scheme.lower() not in {"http", "https"} or not _rest.split("/")[0] or any(c in _url for c in "?#@ ")
    ):
        raise ImproperlyConfigured(
            f"{_name}={_url!r} must be an http(s) address without query or credentials, such as "
            "https://mojoe.example.org."
        )
if MOJOE_SMS_PROVIDER == "twilio" and not (MOJOE_TWILIO_ACCOUNT_SID and MOJOE_TWILIO_AUTH_TOKEN):
    raise ImproperlyConfigured(
        "MOJOE_SMS_PROVIDER=twilio needs MOJOE_TWILIO_ACCOUNT_SID and MOJOE_TWILIO_AUTH_TOKEN (Twilio console)."
    )
# Optional LLM, any OpenAI-compatible chat-completions endpoint (mojoe.assistant.llm): off without a URL.
MOJOE_LLM_URL = os.environ.get("MOJOE_LLM_URL", "").strip().rstrip("/")
MOJOE_LLM_MODEL = os.environ.get("MOJOE_LLM_MODEL", "").strip()
MOJOE_LLM_API_KEY = os.environ.get("MOJOE_LLM_API_KEY", "").strip()
MOJOE_LLM_PHRASE = _env_bool("MOJOE_LLM_PHRASE", True)
_llm_timeout = os.environ.get("MOJOE_LLM_TIMEOUT", "").strip() or "8"
try:
    MOJOE_LLM_TIMEOUT = float(_llm_timeout)
except ValueError:
    raise ImproperlyConfigured(f"MOJOE_LLM_TIMEOUT={_llm_timeout!r} is not a number of seconds.") from None
if not 0 < MOJOE_LLM_TIMEOUT < float("inf"):  # also refuses nan: a patient's reply must not wait forever
    raise ImproperlyConfigured(f"MOJOE_LLM_TIMEOUT={_llm_timeout!r} must be a positive number of seconds.")
if MOJOE_LLM_URL:
    _llm_scheme, _, _llm_rest = MOJOE_LLM_URL.partition("://")
    if _llm_scheme.lower() not in {"http", "https"} or not _llm_rest.split("/")[0]:
        # The value is not echoed: a URL can carry a password.
        raise ImproperlyConfigured("MOJOE_LLM_URL must be an http(s) URL such as http://127.0.0.1:11434/v1.")
    if not MOJOE_LLM_MODEL:
        raise ImproperlyConfigured("MOJOE_LLM_URL is set but MOJOE_LLM_MODEL is empty: name the model.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOJOE_LOG_LEVEL", "INFO").upper()},
    # One handler for Huey's consumer: run_huey adds its own only when the logger has none.
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
