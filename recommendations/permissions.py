"""Who may do what in the tracker's staff screens (tested directly in tests/recommendations/test_permissions.py).

Roles carry Django permissions (forum_site/accounts/roles.py); these functions read them, so a site admin
(a superuser, who has every permission) may do everything:

* forum organisers: manage recommendations and themes, import them, record the cabinet's responses;
* council officers: record responses, implementation updates and actions only for recommendations
  assigned to them;
* scrutiny members: the dashboard, sign-off, internal notes.
"""

from __future__ import annotations


def _has(user, perm: str) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_perm(perm))


def _is_assigned(user, recommendation) -> bool:
    return recommendation.officer_id is not None and recommendation.officer_id == user.pk


def can_manage_recommendations(user) -> bool:
    """Create and edit recommendations, assign officers, manage themes: organisers and admins."""
    return _has(user, "recommendations.change_recommendation")


def can_import(user) -> bool:
    """Import a review's recommendations and responses from a spreadsheet: organisers and admins."""
    return _has(user, "recommendations.add_recommendation")


def is_officer(user) -> bool:
    """Has an officer's work list ("My recommendations"): council officers and admins."""
    return _has(user, "recommendations.add_implementationupdate")


def can_record_for(user, recommendation) -> bool:
    """Implementation updates and actions: the officer assigned to the recommendation, or a site admin."""
    if not is_officer(user):
        return False
    return user.is_superuser or _is_assigned(user, recommendation)


def can_record_response(user, recommendation) -> bool:
    """The cabinet's response: the assigned officer, organisers (who also import responses) and admins."""
    return can_manage_recommendations(user) or can_record_for(user, recommendation)


def can_view_dashboard(user) -> bool:
    """The scrutiny dashboard: scrutiny members and admins."""
    return _has(user, "recommendations.add_signoffdecision")


def can_sign_off(user) -> bool:
    return _has(user, "recommendations.add_signoffdecision")


def can_write_notes(user) -> bool:
    return _has(user, "recommendations.add_internalnote")


def can_read_notes(user) -> bool:
    """Internal notes are for scrutiny members (and admins) only: never public, never shown to officers."""
    return _has(user, "recommendations.view_internalnote")


def can_view_staff_detail(user, recommendation) -> bool:
    """The staff page of a recommendation (response history, updates, actions, sign-off decisions)."""
    return can_view_dashboard(user) or can_manage_recommendations(user) or can_record_for(user, recommendation)
