from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forum_site.core"
    label = "core"
    verbose_name = "Site settings and shared pieces"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401 - deploy checks; cache invalidation receivers
