"""Local development: `make run`. Relaxes only what a laptop on http://127.0.0.1 needs."""

from forum_site import env

from .base import *  # noqa: F403

DEBUG = env.get_bool("DEBUG", default=True)
SECRET_KEY = env.get_str("SECRET_KEY", default="dev-only-not-secret-2f9c1b7e8a6d4c3b9e0f1a2b3c4d5e6f7a8b9c0d")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env.get_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
INSTALLED_APPS = [*INSTALLED_APPS, "forum_site.demo"]  # noqa: F405 - load_demo_data; never in production
# The demo lets a newcomer try every role straight away; production keeps MFA on.
STAFF_MFA_REQUIRED = env.get_bool("STAFF_MFA_REQUIRED", default=False)
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# WhiteNoise serves straight from the app folders (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
