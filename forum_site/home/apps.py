from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "forum_site.home"
    label = "home"
    verbose_name = "Home and standard pages"
