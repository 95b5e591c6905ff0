from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "forum_site.notifications"
    label = "notifications"
    verbose_name = "Follows and notifications"
