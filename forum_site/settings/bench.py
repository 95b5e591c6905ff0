"""`make bench`: production settings on plain http over loopback, with throwaway state.

bench/run.py sets SECRET_KEY and ALLOWED_HOSTS in the environment for every process it starts.
The database is a SQLite file under bench/.run/ unless DATABASE_URL names another one.
"""

from forum_site import env

from .production import *  # noqa: F403
from .production import BASE_DIR, STORAGES

BENCH_DIR = BASE_DIR / "bench" / ".run"

DEBUG = False
ROOT_URLCONF = "bench.urls"
DATABASES = {"default": env.get_database("DATABASE_URL", default_sqlite_path=BENCH_DIR / "bench.sqlite3")}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = BENCH_DIR / "static"
# The production default, stated so the bench keeps serving hashed, compressed files through WhiteNoise.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
MEDIA_ROOT = BENCH_DIR / "media"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
INSTALLED_APPS = [*INSTALLED_APPS, "forum_site.demo"]  # noqa: F405 - load_demo_data; never in production
# Plain http on loopback: no redirect to https, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
