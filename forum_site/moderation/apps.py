from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum_site.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # Posts, reports and suspensions in the member's data; the cache retired on every change.
        from . import personal_data, receivers  # noqa: F401
