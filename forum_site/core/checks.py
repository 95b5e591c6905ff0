from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Production needs a shared cache: page-cache invalidation and allauth's rate limits live there."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache") and not getattr(settings, "SINGLE_PROCESS", False):
        return [
            checks.Warning(
                "The cache is local to each process: set REDIS_URL so every worker shares page-cache "
                "invalidation and rate limits.",
                id="forum_site.W001",
            )
        ]
    return []
