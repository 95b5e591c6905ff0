"""Who may do what, as plain functions (tested directly in tests/accounts/test_permissions.py)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from . import roles


def has_verified_email(user) -> bool:
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


def is_staff_role(user) -> bool:
    """Anyone who can reach the Wagtail admin: site admins and the three staff roles."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def has_mfa(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def totp_created_at(user):
    """When the user's TOTP authenticator was set up, or None if they have none."""
    return (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
        .values_list("created_at", flat=True)
        .first()
    )


def can_act_as_member(user) -> bool:
    """Post, reply, respond as a member: signed in with a verified email address."""
    return user.is_active and has_verified_email(user)


def role_names(user) -> list[str]:
    if not user.is_authenticated:
        return []
    names = [g.name for g in user.groups.all() if g.name in roles.ALL_ROLES]
    if user.is_superuser:
        names.append("Site admin")
    return names
