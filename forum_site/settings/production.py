"""Production: no defaults for secrets; refuses to start without them (one line naming the variable)."""

from forum_site import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.get_str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise env.EnvError("SECRET_KEY is too short: use at least 50 random characters.")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")
# Links in emails and the admin must point at the real site.
SITE_URL = env.get_url("SITE_URL")
WAGTAILADMIN_BASE_URL = SITE_URL
