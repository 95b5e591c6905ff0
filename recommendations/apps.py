from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = "Scrutiny recommendations"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - the anonymous page cache is retired on any tracker change
