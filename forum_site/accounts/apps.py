from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "forum_site.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import personal_data, signals  # noqa: F401 - the account's own personal-data section; is_staff kept in step with the staff roles
