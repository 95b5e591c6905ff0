"""This app's sections of a member's personal data (export and erasure); see forum_site/accounts/personal_data.py."""

from __future__ import annotations

from typing import Any

from forum_site.accounts.personal_data import Section, register

from .models import DigestItem, Follow, Preferences
from .selectors import follows_export, preferences_export


def _follows_export(user) -> list[dict[str, Any]]:
    return follows_export(user=user)


def _follows_erase(user) -> None:
    Follow.objects.filter(user=user).delete()


def _digest_export(user) -> list[dict[str, Any]]:
    """Notifications waiting for the member's next daily digest email."""
    return [
        {"subject": item.subject, "text": item.text, "url": item.url, "created_at": item.created_at.isoformat()}
        for item in DigestItem.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _digest_erase(user) -> None:
    DigestItem.objects.filter(user=user).delete()


def _preferences_export(user) -> dict[str, Any]:
    return preferences_export(user=user)


def _preferences_erase(user) -> None:
    Preferences.objects.filter(user=user).delete()


register(
    Section(
        key="follows",
        title="Things you follow",
        export=_follows_export,
        erase=_follows_erase,
        covers=("notifications.Follow.user",),
    )
)
register(
    Section(
        key="digest_waiting",
        title="Notifications waiting for your daily digest",
        export=_digest_export,
        erase=_digest_erase,
        covers=("notifications.DigestItem.user",),
    )
)
register(
    Section(
        key="notification_settings",
        title="Your email settings",
        export=_preferences_export,
        erase=_preferences_erase,
        covers=("notifications.Preferences.user",),
    )
)
