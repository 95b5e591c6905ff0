from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum_site.moderation"
    label = "moderation"
    verbose_name = "Moderation"
