from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "forum_site.notifications"
    label = "notifications"
    verbose_name = "Follows and notifications"

    def ready(self) -> None:
        from . import personal_data  # noqa: F401 - follows and preferences in the member's data
