"""pytest's settings: fast, isolated, everything in memory except the database URL CI chooses."""

from forum_site import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-7d1e0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
INSTALLED_APPS = [*INSTALLED_APPS, "forum_site.demo"]  # noqa: F405 - load_demo_data; never in production
# A content type moderation was not written for (tests/apps/questions), with its page's URL.
INSTALLED_APPS += ["tests.apps.questions"]
ROOT_URLCONF = "tests.apps.questions.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STAFF_MFA_REQUIRED = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Each test starts with an empty cache (see tests/conftest.py); Redis when CI gives REDIS_URL.
CACHES = {"default": env.get_cache("REDIS_URL"), "fallback": FALLBACK_CACHE}  # noqa: F405
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["default"]["KEY_PREFIX"] = "forum-site-test"
# WhiteNoise serves straight from the app folders (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
