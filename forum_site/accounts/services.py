"""Writes and data exports for a member's own account."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone

from consultations.selectors import consultation_responses_export
from forum_site.notifications.selectors import follows_export, preferences_export

from .models import User
from .permissions import role_names


def account_data_export(*, user: User) -> dict[str, Any]:
    """Everything the site holds about this member, for "Download my data" (UK GDPR right of access).

    Later apps add their own sections here (responses, posts, follows).
    """
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": role_names(user),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "consultation_responses": consultation_responses_export(user=user),
        "follows": follows_export(user=user),
        "notification_settings": preferences_export(user=user),
    }


def display_name_update(*, user: User, display_name: str) -> User:
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    return user


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account. What the member wrote stays, shown as from "a former member"
    (foreign keys to the user are SET_NULL); consultation answers are unlinked, not lost. Follows and
    waiting digest items go with the account (foreign keys CASCADE)."""
    from consultations.services import responses_unlink

    responses_unlink(user=user)
    user.delete()
