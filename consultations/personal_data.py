"""This app's sections of a member's personal data (export and erasure); see forum_site/accounts/personal_data.py."""

from __future__ import annotations

from forum_site.accounts.personal_data import Section, register

from .selectors import consultation_responses_export
from .services import responses_unlink


def _responses_export(user) -> list[dict]:
    return consultation_responses_export(user=user)


def _responses_erase(user) -> None:
    """Drafts go; submitted responses stay in the figures but lose every link to the member."""
    responses_unlink(user=user)


register(
    Section(
        key="consultation_responses",
        title="Your consultation responses and drafts",
        export=_responses_export,
        erase=_responses_erase,
        covers=("consultations.Response.user",),
    )
)
