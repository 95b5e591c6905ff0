from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from . import owners, personal_data, signals  # noqa: F401 - comment owner; responses in the member's data; page-publish receivers
