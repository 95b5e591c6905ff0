from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "forum_site.discussions"
    label = "discussions"
    verbose_name = "Forum discussions"

    def ready(self) -> None:
        from . import owners, personal_data, signals  # noqa: F401 - topics as comment owners; topics in the member's data; cache
