"""Writes and data exports for a member's own account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from . import personal_data
from .models import User


def account_data_export(*, user: User) -> dict[str, Any]:
    """Everything the site holds about this member, for "Download my data" (UK GDPR right of access):
    one entry per registered personal-data section, and a contents list of their titles."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "sections": {section.key: section.title for section in personal_data.sections()},
    }
    for section in personal_data.sections():
        data[section.key] = section.export(user)
    return data


def display_name_update(*, user: User, display_name: str) -> User:
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    return user


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account: every personal-data section erases its part, then the account row goes (what
    each section does is listed in docs/data-protection.md)."""
    for section in personal_data.sections():
        if section.erase is not None:
            section.erase(user)
    user.delete()
