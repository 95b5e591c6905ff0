from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "forum_site.discussions"
    label = "discussions"
    verbose_name = "Forum discussions"
