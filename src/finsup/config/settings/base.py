"""Settings shared by every environment. Secrets and hosts come from the environment."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .environment import env_flag, env_int, env_list, env_str
from .secrets import key_list

PACKAGE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = PACKAGE_DIR.parents[1]
VAR_DIR = Path(env_str("FINSUP_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
ALLOWED_HOSTS = env_list("FINSUP_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "finsup.core",
    "finsup.web",
    "finsup.accounts",
    "finsup.audit",
    "finsup.search",
    "finsup.institutions",
    "finsup.duties",
    "finsup.reporting",
    "finsup.monitoring",
    "finsup.loans",
    "finsup.graph",
    "finsup.inspections",
    "finsup.documents",
    "finsup.archives",
    "finsup.ratings",
    "finsup.licensing",
    "finsup.complaints",
    "finsup.incidents",
    "finsup.fundraising",
    "finsup.listing",
    "finsup.worklog",
    "finsup.partners",
    "finsup.analysis",
    "finsup.qualifications",
    "finsup.governance",
    "finsup.outreach",
    "finsup.accountability",
    "finsup.penalties",
    "finsup.surveys",
    "finsup.notifications",
    "finsup.portal",
    "finsup.dashboard",
    "finsup.demo",
    "finsup.backup",
    "finsup.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "finsup.api.middleware.ApiErrorBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "finsup.web.middleware.SessionRefreshMiddleware",
    "finsup.web.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "finsup.web.middleware.RequestContextMiddleware",
    "finsup.web.middleware.ServiceErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    "finsup.accounts.middleware.AccountGateMiddleware",
]

ROOT_URLCONF = "finsup.config.urls"
WSGI_APPLICATION = "finsup.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "finsup.web.context_processors.navigation",
            ],
            "builtins": ["finsup.web.templatetags.finsup"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'finsup.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Background work (the PDFs of signed-off documents, finsup.documents.tasks): a queue in the same
# database, run by `finsup db_worker` (started by `make run`; a systemd unit in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "finsup.accounts.passwords.CharacterClassValidator"},
    {"NAME": "finsup.accounts.passwords.PasswordHistoryValidator"},
]

# Sessions expire after 30 idle minutes and when the browser closes. A session in use is saved once a
# minute at most (web.middleware.SessionRefreshMiddleware), not on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # ECharts tooltips set style attributes
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# Thousands separators in zh-Hans too (1,234,567.89): Django's own zh_Hans formats have none.
# USE_THOUSAND_SEPARATOR stays off: ids and years in templates must not be grouped.
FORMAT_MODULE_PATH = ["finsup.config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected static files are public: a server puts them where nginx may read them (docs/operations.md).
STATIC_ROOT = Path(env_str("FINSUP_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# ------------------------------------------------------------------------------------------------
# finsup's own settings, by app. Every FINSUP_* setting is declared here, once, with its default;
# local.py, production.py and test.py only override some of them. Where a setting can be set by an
# environment variable of the same name, it is read here (production.py reads three again with
# stricter defaults). Code reads `settings.FINSUP_X` when it runs, inside a function: never at
# import time, never through getattr with a default of its own (tests/core/test_settings_declared.py).
# ------------------------------------------------------------------------------------------------

# -- core: personal data at rest, the client address
# Fernet keys of personal data, newest first, so that a key can be rotated (comma-separated).
FINSUP_FIELD_KEYS = key_list(env_str("FINSUP_FIELD_KEYS"))
# The key of the hashes that let the same ID number be recognised (and of loan pseudonyms).
FINSUP_LOOKUP_KEY = env_str("FINSUP_LOOKUP_KEY")
# Key files of var/secrets/ a local install may not generate because its database exists (system check K001).
FINSUP_SECRETS_MISSING: list[str] = []
# Our own reverse proxies in front of the application (nginx alone: 1). The client address is the
# one the outermost of them saw (the N-th X-Forwarded-For entry from the right); 0 ignores the
# header. Used by the audit trail, the login lockout and throttles, and the complaint rate limit.
FINSUP_TRUSTED_PROXY_COUNT = env_int("FINSUP_TRUSTED_PROXY_COUNT", 0)

# -- accounts: login throttles, second factor, passwords
# Login rate limiting and lockout. django-axes: 5 failures of one user name from one address lock
# that pair for 30 minutes. Axes has one limit for all its parameter combinations, so the wider
# throttles are our own (accounts/throttle.py), over a sliding window of failures (wrong passwords
# and wrong second-factor codes alike); while one is reached the login form refuses before it
# checks the password:
# - "address": password spraying, many user names from one address: 30 failures in 15 minutes.
#   Higher than axes' limit so that a shared office NAT is not locked by a few typing errors.
# - "username": one user name from many addresses: 20 failures in an hour. A distributed guess
#   cannot go beyond 20 an hour; the cost is that a stranger can keep one user name locked, which
#   the office's administrator sees in the audit trail (failed logins) and can live with.
# - "otp": 5 wrong codes of one user in 30 minutes end the half-open session and refuse the code
#   step until the window passes (django-otp also slows each device down after a wrong code).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "finsup.core.client_address.client_address"
# (failures, window in seconds) per scope, as above.
FINSUP_LOGIN_THROTTLE = {
    "address": (30, 15 * 60),
    "username": (20, 60 * 60),
    "otp": (5, 30 * 60),
}
# Second factor (TOTP, django-otp) for these roles: a user of them logs in with a code after the
# password, and one without a confirmed device is sent to enrol first. Off here so that the demo
# logins and a local install work with a password; production.py requires it of every office role
# and the oversight bodies (and reads the environment variable FINSUP_OTP_REQUIRED_ROLES). A user who
# enrolled of their own accord is always asked.
FINSUP_OTP_REQUIRED_ROLES: list[str] = []
# Recovery codes printed at enrolment (single use).
FINSUP_OTP_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "临沂地方金融监管平台"
OTP_TOTP_THROTTLE_FACTOR = 1  # after the n-th wrong code a device waits 2^(n-1) seconds
OTP_STATIC_THROTTLE_FACTOR = 1
# Passwords: a new one may not equal any of the last FINSUP_PASSWORD_HISTORY (hashes kept in
# accounts.PasswordHistory).
FINSUP_PASSWORD_HISTORY = 5
# Older than this many days (0 = never), a user is sent to change the password after login.
# production.py: 90, or the environment variable FINSUP_PASSWORD_MAX_AGE_DAYS.
FINSUP_PASSWORD_MAX_AGE_DAYS = 0

# -- reporting and the rulebook
# Rule files in force (default "": the rulebook shipped in src/finsup/rulebook/rules).
FINSUP_RULES_DIR = env_str("FINSUP_RULES_DIR")
# Filing obligations (missing and late filings) are tracked from this date (None: 1 January of
# the year before the day asked about).
FINSUP_REPORTING_START: datetime.date | None = None
# An indicator that moves by more than this share (0.5 = 50 %) against the previous period's
# result of the same rule opens a notice (reporting/evaluation.py).
FINSUP_SHARP_CHANGE = Decimal("0.5")
# Days the office allows itself to review a filing (the county accepts or returns it, the city
# confirms it), for the waiting list and the accountability page of overdue duties. Our own
# figures: the source gives none.
FINSUP_FILING_REVIEW_DAYS = {"county": 5, "city": 10}

# -- loans: the loan-level feeds of microloan companies
FINSUP_LOAN_STORE = Path(env_str("FINSUP_LOAN_STORE", str(VAR_DIR / "loans_store")))  # loan-level Parquet
# Loan files dropped by companies (<inbox>/<credit code>/<file>), picked up by `finsup loans inbox`.
FINSUP_LOAN_INBOX = Path(env_str("FINSUP_LOAN_INBOX", str(VAR_DIR / "loan_inbox")))
# Raw loan files are deleted after ingestion unless this names a folder to keep them in.
FINSUP_LOAN_RAW_KEEP_DIR = env_str("FINSUP_LOAN_RAW_KEEP_DIR")
# Key layers on top of FINSUP_LOOKUP_KEY for the loan store's pseudonyms (oldest first); rotating the
# key appends one and runs `finsup loans rekey` (see loans/keyring.py).
FINSUP_LOAN_KEY_LAYERS = key_list(env_str("FINSUP_LOAN_KEY_LAYERS"))
# The largest loan file a company may upload in the platform (bytes); a larger one is refused as it arrives.
FINSUP_LOAN_UPLOAD_MAX_BYTES = env_int("FINSUP_LOAN_UPLOAD_MAX_BYTES", 512 * 1024 * 1024)
# Spool files of uploads (clear text) older than this (seconds) are deleted by `finsup loans sweep`,
# which also runs at the start of every upload, push, `loans ingest` and `loans inbox` (loans/sweep.py).
FINSUP_LOAN_SPOOL_MAX_AGE = env_int("FINSUP_LOAN_SPOOL_MAX_AGE", 3600)
# Inbox files set aside as unreadable (<inbox>/<code>/rejected/) are deleted after this many seconds (30 days).
FINSUP_LOAN_REJECTED_MAX_AGE = env_int("FINSUP_LOAN_REJECTED_MAX_AGE", 30 * 24 * 3600)
# Caps on any loan file, checked before its data is read (loans/caps.py): header columns (the contract
# has 21), rows, and the size of an .xlsx once unpacked.
FINSUP_LOAN_MAX_COLUMNS = env_int("FINSUP_LOAN_MAX_COLUMNS", 31)  # the 21 of the contract and some margin
FINSUP_LOAN_MAX_ROWS = env_int("FINSUP_LOAN_MAX_ROWS", 20_000_000)
FINSUP_LOAN_XLSX_MAX_UNPACKED_BYTES = env_int("FINSUP_LOAN_XLSX_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)

# -- audit: the hash-chained trail and its checkpoints (docs/audit.md)
# The hash of new entries and the signature of new checkpoints ("sha256" or "sm3", "ed25519" or
# "sm2"); each entry and checkpoint names its own, so changing these keeps old ones verifiable.
FINSUP_AUDIT_HASH = env_str("FINSUP_AUDIT_HASH", "sha256")
FINSUP_AUDIT_SIGNATURE = env_str("FINSUP_AUDIT_SIGNATURE", "ed25519")
if FINSUP_AUDIT_HASH not in ("sha256", "sm3") or FINSUP_AUDIT_SIGNATURE not in ("ed25519", "sm2"):
    raise ImproperlyConfigured("FINSUP_AUDIT_HASH must be sha256 or sm3, FINSUP_AUDIT_SIGNATURE ed25519 or sm2")
FINSUP_AUDIT_SIGNING_KEY = env_str("FINSUP_AUDIT_SIGNING_KEY")  # 32 random bytes, base64
# Public keys of earlier signing keys whose checkpoints still count ("ed25519:<hex>", comma-separated).
FINSUP_AUDIT_TRUSTED_KEYS = env_list("FINSUP_AUDIT_TRUSTED_KEYS")
# The signed checkpoints of the chain's head, outside the database (`finsup audit anchor` from cron).
FINSUP_AUDIT_ANCHOR_DIR = Path(env_str("FINSUP_AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit_anchors")))
# Seconds an entry may stay unanchored before `audit verify` says so: a warning, or a failure when
# FINSUP_AUDIT_ANCHOR_REQUIRED ("1"; the production default, production.py).
FINSUP_AUDIT_ANCHOR_MAX_AGE = env_int("FINSUP_AUDIT_ANCHOR_MAX_AGE", 3600)
FINSUP_AUDIT_ANCHOR_REQUIRED = env_flag("FINSUP_AUDIT_ANCHOR_REQUIRED", False)
# An external notary that keeps a copy of every checkpoint (audit/anchor_sinks.py, HttpNotarySink).
FINSUP_AUDIT_NOTARY_URL = env_str("FINSUP_AUDIT_NOTARY_URL")
FINSUP_AUDIT_NOTARY_TOKEN = env_str("FINSUP_AUDIT_NOTARY_TOKEN")
# A timestamping authority (RFC 3161) that signs each checkpoint's hash; its answers are kept in
# FINSUP_AUDIT_ANCHOR_DIR/timestamps/ (audit/anchor_sinks.py, Rfc3161Sink).
FINSUP_AUDIT_TSA_URL = env_str("FINSUP_AUDIT_TSA_URL")

# -- complaints: complaints and tip-offs from the public portal, major risk incidents
FINSUP_COMPLAINT_ATTACHMENT_MAX_FILES = 3
FINSUP_COMPLAINT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
# (submissions, window in seconds) of the public complaint form (complaints/rate_limit.py): per captcha
# session, every attempt (refused and failed ones too); per client address, the attempts that solved
# the captcha (many citizens behind one NAT or proxy share it, and junk posts do not use it up); per
# client address, every attempt (a flood guard against a new session for each post).
FINSUP_COMPLAINT_RATE_LIMIT = (5, 3600)
FINSUP_COMPLAINT_ADDRESS_RATE_LIMIT = (30, 3600)
FINSUP_COMPLAINT_ADDRESS_ATTEMPT_LIMIT = (300, 3600)
# (new captchas, window in seconds) per captcha session: a fresh picture or the text alternative
# (complaints/rate_limit.py); each also counts against the address's attempt limit above.
FINSUP_CAPTCHA_REFRESH_LIMIT = (20, 3600)
# Days allowed for each handling step: accept (from receipt), start the investigation and record
# the result (both from acceptance). The source sets no figures; these are the office's own.
FINSUP_COMPLAINT_DEADLINE_DAYS = {"accept": 5, "investigate": 10, "result": 60}
# 《行政处罚法》第六十三条(一): a party may ask for a hearing before a "larger fine" (较大数额罚款), a
# figure each province sets. Yuan, inclusive. Our working figure for an enterprise, 50,000 yuan, is
# not yet confirmed against Shandong's current rule: set it as the legal affairs office says.
FINSUP_PENALTY_HEARING_MIN_FINE = 50000
# The captcha asks 3 + 4 every time: for the test settings only (a system check refuses it elsewhere).
FINSUP_CAPTCHA_DETERMINISTIC = False
# Hours an unacknowledged major risk incident of each severity (I most severe) waits at a level
# before it escalates to the next (county → city → province). The source names the chain but no
# times; these are the office's own and may be changed here without a code change.
FINSUP_INCIDENT_ESCALATION_HOURS = {
    "I": {"county": 2, "city": 4},
    "II": {"county": 6, "city": 24},
    "III": {"county": 24, "city": 72},
    "IV": {"county": 72},
}

# -- inspections
# The largest evidence file (bytes) an inspector or institution may attach to an inspection.
FINSUP_EVIDENCE_MAX_BYTES = 50 * 1024 * 1024
# Days the office allows itself to review a filed rectification report, for the waiting list and
# the accountability page of overdue duties. Our own figure: the source gives none.
FINSUP_RECTIFICATION_REVIEW_DAYS = 15

# -- ratings
# The folder of the rating schemes (TOML; default "": those shipped in src/finsup/ratings/schemes).
FINSUP_RATING_SCHEMES_DIR = ""

# -- outreach
# The largest campaign material (PDF or image, bytes) an office may upload.
FINSUP_OUTREACH_MATERIAL_MAX_BYTES = 20 * 1024 * 1024

# -- special surveys
# How many days before its deadline a survey not yet answered is recalled to its respondents
# (`finsup surveys remind`, daily from cron).
FINSUP_SURVEY_REMIND_DAYS = env_int("FINSUP_SURVEY_REMIND_DAYS", 3)

# -- notifications: e-mail copies, SMTP when FINSUP_EMAIL_HOST is set, else a local mail sink
# (one file per message under var/mail) so that nothing leaves the machine by accident.
FINSUP_NOTIFY_EMAIL = env_flag("FINSUP_NOTIFY_EMAIL", True)  # "0" turns the copies off
# The address of the platform, for the links in e-mail copies.
FINSUP_BASE_URL = env_str("FINSUP_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("FINSUP_EMAIL_FROM", "finsup@localhost")
if env_str("FINSUP_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("FINSUP_EMAIL_HOST")
    EMAIL_PORT = env_int("FINSUP_EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("FINSUP_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("FINSUP_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_flag("FINSUP_EMAIL_TLS", False)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
