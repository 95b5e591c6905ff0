from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top layer: it may import every app and none imports it, so production ships without it."""

    name = "forum_site.demo"
    label = "demo"
    verbose_name = "Demo content"
