from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = "Scrutiny recommendations"

    def ready(self) -> None:
        from . import owners, personal_data, signals  # noqa: F401 - comment owner; the tracker's personal data; cache receivers
