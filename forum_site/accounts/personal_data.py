"""The personal-data registry: every app says what it holds about a member, for "Download my data"
(UK GDPR right of access) and "Delete my account" (right to erasure).

Each app registers its own sections from its ``personal_data.py`` (imported by its ``AppConfig.ready()``),
so accounts imports nothing above it and a new app cannot be forgotten: the guard test
(tests/accounts/test_personal_data_registry.py) fails for any foreign key to the user that no section
covers and ``EXEMPTIONS`` does not name. Sections run in registration order, which follows
INSTALLED_APPS, so the export reads the same every time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .permissions import role_names

# Keys of the export that are not sections.
RESERVED_KEYS = frozenset({"exported_at", "sections"})


@dataclass(frozen=True)
class Section:
    """One part of a member's data.

    ``export(user)`` returns what the site holds (plain JSON types; never secrets, never another member's
    data). ``erase(user)`` runs just before the account row is deleted; leave it out when deleting the
    row itself is all there is to do. ``covers`` names the links to the user this section accounts for,
    as "app_label.Model.field".
    """

    key: str
    title: str
    export: Callable[[Any], Any]
    covers: tuple[str, ...]
    erase: Callable[[Any], None] | None = None


_sections: dict[str, Section] = {}


def register(section: Section) -> Section:
    """Add a section; a key used twice would let one app's data silently replace another's."""
    if section.key in _sections or section.key in RESERVED_KEYS:
        raise ValueError(f"A personal-data section with the key {section.key!r} already exists.")
    _sections[section.key] = section
    return section


def unregister(key: str) -> None:
    """Remove a section (tests that register a temporary one)."""
    del _sections[key]


def sections() -> list[Section]:
    return list(_sections.values())


def covered_links() -> dict[str, str]:
    """Every "app_label.Model.field" link to the user that a section or an exemption accounts for,
    with the section key or "exempt"."""
    links = {link: section.key for section in _sections.values() for link in section.covers}
    links.update(dict.fromkeys(EXEMPTIONS, "exempt"))
    return links


# Links to the user that no section exports, each with the reason (also listed in docs/data-protection.md).
EXEMPTIONS: dict[str, str] = {
    "moderation.PostRevision.by": (
        "who made an earlier wording: the author for their own edits (exported with the post in forum_posts) "
        "or a moderator for a redaction, a staff record about another member's post kept for accountability; "
        "set to nobody when the account is deleted"
    ),
    "moderation.Flag.resolved_by": (
        "the moderator who resolved a report: a staff record about another member's post, kept for "
        "accountability; set to nobody when the account is deleted"
    ),
    "moderation.MemberSuspension.created_by": (
        "the moderator who suspended a member: a staff record about another member, kept for accountability; "
        "set to nobody when the account is deleted"
    ),
    "consultations.Response.entered_by": (
        "the organiser who typed in a paper or phone response: a staff record about another person's "
        "response; set to nobody when the account is deleted"
    ),
}


# The accounts app's own sections ----------------------------------------------------------------------


def _account_export(user) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": role_names(user),
    }


def _email_addresses_export(user) -> list[dict[str, Any]]:
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def _email_addresses_erase(user) -> None:
    EmailAddress.objects.filter(user=user).delete()


def _authenticators_export(user) -> list[str]:
    """The kinds of second factor set up (totp, recovery codes), never their secrets."""
    return sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))


def _authenticators_erase(user) -> None:
    Authenticator.objects.filter(user=user).delete()


register(Section(key="account", title="Your account", export=_account_export, covers=()))
register(
    Section(
        key="email_addresses",
        title="Your email addresses",
        export=_email_addresses_export,
        erase=_email_addresses_erase,
        covers=("account.EmailAddress.user",),
    )
)
register(
    Section(
        key="two_factor_authentication",
        title="Two-factor authentication set up",
        export=_authenticators_export,
        erase=_authenticators_erase,
        covers=("mfa.Authenticator.user",),
    )
)
