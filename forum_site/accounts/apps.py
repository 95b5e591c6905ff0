from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "forum_site.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - keeps is_staff in step with the staff roles
