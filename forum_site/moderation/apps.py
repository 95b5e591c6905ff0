from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum_site.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from . import personal_data  # noqa: F401 - posts, reports and suspensions in the member's data
