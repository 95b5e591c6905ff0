"""Everything the site needs, secure by default.

dev.py and test.py relax what only matters on a public server; production.py
insists on the secrets. Every value from the environment is read in forum_site/env.py.
"""

from pathlib import Path

from csp.constants import NONE, SELF

from forum_site import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.get_url("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = SITE_URL

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_tasks",
    "django_tasks_db",
]
LOCAL_APPS = [
    "forum_site.core",
    "forum_site.accounts",
    "forum_site.home",
    "forum_site.moderation",
    "forum_site.discussions",
    "forum_site.notifications",
    "consultations",
    "recommendations",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "forum_site.core.middleware.RequestHygieneMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "forum_site.core.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "forum_site.core.middleware.AdminStylePolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "forum_site.accounts.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "forum_site.core.routing.RouteCacheMiddleware",
]

ROOT_URLCONF = "forum_site.urls"
# Remembered page routes (forum_site/core/routing.py): one query instead of Wagtail's walk down the page
# tree. It answers through the two request attributes Wagtail's own routing caches in; the test
# tests/core/test_routing.py::test_wagtail_still_reads_the_request_attributes pins that behaviour, and
# PAGE_ROUTE_CACHE=false turns the shortcut off should a Wagtail release change it.
PAGE_ROUTE_CACHE = env.get_bool("PAGE_ROUTE_CACHE", True)
WSGI_APPLICATION = "forum_site.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "forum_site.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.get_database("DATABASE_URL", default_sqlite_path=BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# While Redis is down or hung the cache runs on this table (core/cache_backends.py; created by a
# migration of core). Unused without REDIS_URL.
FALLBACK_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "cache_fallback",
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}
CACHES = {"default": env.get_cache("REDIS_URL"), "fallback": FALLBACK_CACHE}
# With Redis, sessions are read from the cache (written through to the database): no query per signed-in
# request. Not with the local-memory cache: each process would keep its own copy, and signing out in one
# would not sign the session out of the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:account-home"
LOGOUT_REDIRECT_URL = "/"

# django-allauth (settings names from its 65.x documentation).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Our labels and field-by-field error messages on every account form (forum_site/accounts/forms.py).
ACCOUNT_FORMS = {
    "signup": "forum_site.accounts.forms.SignupForm",
    "login": "forum_site.accounts.forms.LoginForm",
    "reset_password": "forum_site.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "forum_site.accounts.forms.ResetPasswordKeyForm",
    "change_password": "forum_site.accounts.forms.ChangePasswordForm",
    "set_password": "forum_site.accounts.forms.SetPasswordForm",
    "add_email": "forum_site.accounts.forms.AddEmailForm",
    "reauthenticate": "forum_site.accounts.forms.ReauthenticateForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming the address signs you in, but only in the browser that signed up (allauth keeps the pending
# sign-in in that session); a link opened anywhere else confirms the address and asks you to sign in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# No "[site] " prefix: each subject (templates/account/email/*_subject.txt) names the site where it helps,
# from WAGTAIL_SITE_NAME like every page.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Tell the member when their password, email address or two-factor authentication changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Nobody can learn whether an address has an account here (on a SEND forum that alone says something
# about a family): sign-up, password reset and email change answer the same for known and unknown
# addresses, and the owner of a known one is emailed instead ("someone tried to sign up with your address").
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_ADAPTER = "forum_site.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_RATE_LIMITS_ENABLED = True  # allauth's built-in limits (login, sign-up, reset) stay on.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Northfield Parent Carer Forum"
MFA_ADAPTER = "forum_site.accounts.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "forum_site.accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "forum_site.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "forum_site.accounts.forms.ActivateTOTPForm",
}
# Staff roles must set up two-factor authentication before they reach the Wagtail admin.
STAFF_MFA_REQUIRED = env.get_bool("STAFF_MFA_REQUIRED", default=True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The largest spreadsheet the tracker's import reads (recommendations/imports.py); a bigger upload is refused
# unread, with its size and this limit in the message.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024

# Email.
EMAIL_BACKEND = env.get_str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.get_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.get_str(
    "DEFAULT_FROM_EMAIL", default="Northfield Parent Carer Forum <hello@northfield-pcf.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: a database-backed worker (`manage.py db_worker`); immediate in dev and tests.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# What members may follow ("app_label.modelname"); a label whose app or model does not exist yet is ignored.
FOLLOWABLE_MODELS = [
    "discussions.boardpage",
    "discussions.topic",
    "consultations.consultationpage",
    "recommendations.recommendation",
    "recommendations.scrutinyreviewpage",
]

# Security: on by default, relaxed only in dev/test.
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours (load balancer, CDN) stand in front of the app and append to X-Forwarded-For.
# 0: use the socket's address and ignore the header, which any client can write. Rate limits (ours and
# allauth's) key on the address this gives (core/ratelimit.py).
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise env.EnvError("TRUSTED_PROXY_COUNT must be 0 or more (the number of proxies in front of the site).")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# Old browsers get DENY; current ones follow CSP frame-ancestors 'self', which lets Wagtail's
# preview frame our own pages and nobody else's site frame us.
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Moderation (forum_site/moderation/): one flow for every post, reply and comment.
# A new member's first posts wait for a moderator; after that posts publish at once and stay reportable.
MODERATION_NEW_MEMBER_POSTS = env.get_int("MODERATION_NEW_MEMBER_POSTS", default=3)
# Posting faster than this (posts per window, per member) sends the post to the queue and answers 429.
MODERATION_RATE_LIMIT_POSTS = 8
MODERATION_RATE_LIMIT_WINDOW_SECONDS = 600
# Organisers are emailed about queue items that have waited this long.
MODERATION_REMINDER_HOURS = 48
# The designated safeguarding contact, emailed at once about safeguarding terms and reports.
SAFEGUARDING_CONTACT_EMAIL = env.get_str("SAFEGUARDING_CONTACT_EMAIL", default="safeguarding@northfield-pcf.example")

# Wagtail.
WAGTAIL_SITE_NAME = "Northfield Parent Carer Forum"
# The phase banner under the header: the service's phase and where its feedback link leads.
SERVICE_PHASE = env.get_str("SERVICE_PHASE", default="Beta")
FEEDBACK_URL = env.get_str("FEEDBACK_URL", default="/contact/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Task and page-event chatter; warnings and errors still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
