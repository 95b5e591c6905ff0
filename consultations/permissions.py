"""Who may see and handle consultation responses (each role is tried against the results, entry and quote screens in tests/consultations/test_results.py)."""

from __future__ import annotations


def can_view_results(user) -> bool:
    """Results, individual responses and exports: forum organisers and site admins only."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("consultations.view_response"))


def can_enter_response(user) -> bool:
    """Type in a paper or phone response on someone's behalf."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("consultations.add_response"))


def can_select_quotes(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("consultations.change_answer"))
