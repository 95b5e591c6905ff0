"""Demo accounts for `load_demo_data`: one per role, email already verified, MFA off in dev."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from forum_site.accounts import roles
from forum_site.accounts.models import User

DEMO_PASSWORD = "Northfield-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    display_name: str
    group: str | None
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("Parent or carer", "parent@example.org", "Jo (mum of two)", roles.PARENTS),
    DemoAccount("Forum organiser", "organiser@example.org", "Priya, forum organiser", roles.ORGANISERS),
    DemoAccount("Scrutiny member", "scrutiny@example.org", "Cllr Morgan (scrutiny)", roles.SCRUTINY),
    DemoAccount("Council officer", "officer@example.org", "Alex, SEND service", roles.OFFICERS),
    DemoAccount("Site admin", "admin@example.org", "Site admin", None, superuser=True),
]


@transaction.atomic
def demo_users_load() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                display_name=account.display_name,
                is_staff=account.superuser,
                is_superuser=account.superuser,
            )
        if account.group:
            user.groups.add(Group.objects.get(name=account.group))
        EmailAddress.objects.get_or_create(user=user, email=account.email, defaults={"verified": True, "primary": True})
    return DEMO_ACCOUNTS
