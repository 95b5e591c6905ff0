"""Who may do what on the tracker's staff side: the permission functions, then every staff view and action
against every role (visitor, parent, an officer not assigned, the assigned officer, scrutiny member,
organiser, site admin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import permissions
from recommendations.models import Action, ImplementationUpdate, InternalNote, Recommendation, SignOffDecision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "parent", "other_officer", "officer", "scrutiny_member", "organiser", "site_admin"]


@pytest.fixture
def other_officer(db):
    return UserFactory(role="Council officers")


def user_for(request, role):
    return None if role == "visitor" else request.getfixturevalue(role)


# --- The functions ----------------------------------------------------------------------------------------

FUNCTIONS = {
    # function: roles for which it is True (recommendation-level functions use the assigned recommendation)
    "can_manage_recommendations": {"organiser", "site_admin"},
    "can_import": {"organiser", "site_admin"},
    "is_officer": {"officer", "other_officer", "site_admin"},
    "can_record_for": {"officer", "site_admin"},
    "can_record_response": {"officer", "organiser", "site_admin"},
    "can_view_dashboard": {"scrutiny_member", "site_admin"},
    "can_sign_off": {"scrutiny_member", "site_admin"},
    "can_write_notes": {"scrutiny_member", "site_admin"},
    "can_read_notes": {"scrutiny_member", "site_admin"},
    "can_view_staff_detail": {"officer", "scrutiny_member", "organiser", "site_admin"},
}
RECOMMENDATION_LEVEL = {"can_record_for", "can_record_response", "can_view_staff_detail"}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_permission_functions(request, assigned_recommendation, name):
    from django.contrib.auth.models import AnonymousUser

    function = getattr(permissions, name)
    for role in ROLES:
        user = user_for(request, role) or AnonymousUser()
        result = function(user, assigned_recommendation) if name in RECOMMENDATION_LEVEL else function(user)
        assert result is (role in FUNCTIONS[name]), role


def test_inactive_staff_lose_everything(assigned_recommendation, officer, site_admin):
    for user in (officer, site_admin):
        user.is_active = False
        user.save()
        assert not permissions.can_record_for(user, assigned_recommendation)
        assert not permissions.can_view_dashboard(user)


def test_unassigned_recommendation_is_nobodys_but_admins(make_recommendation, officer, site_admin):
    rec = make_recommendation(officer=None)
    assert not permissions.can_record_for(officer, rec)
    assert permissions.can_record_for(site_admin, rec)


# --- Every staff view -------------------------------------------------------------------------------------

STAFF = {"organiser", "scrutiny_member", "officer", "other_officer", "site_admin"}


def _action(rec):
    return Action.objects.get_or_create(recommendation=rec, title="Recruit", defaults={"position": 1})[0]


VIEWS = [
    # (url name, args from the recommendation, roles allowed)
    ("tracker_admin:dashboard", lambda rec: [], {"scrutiny_member", "site_admin"}),
    ("tracker_admin:my-recommendations", lambda rec: [], {"officer", "other_officer", "site_admin"}),
    ("tracker_admin:recommendation", lambda rec: [rec.pk], {"officer", "scrutiny_member", "organiser", "site_admin"}),
    ("tracker_admin:response-record", lambda rec: [rec.pk], {"officer", "organiser", "site_admin"}),
    ("tracker_admin:update-add", lambda rec: [rec.pk], {"officer", "site_admin"}),
    ("tracker_admin:action-add", lambda rec: [rec.pk], {"officer", "site_admin"}),
    ("tracker_admin:action-progress", lambda rec: [rec.pk, _action(rec).pk], {"officer", "site_admin"}),
    ("tracker_admin:sign-off", lambda rec: [rec.pk], {"scrutiny_member", "site_admin"}),
    ("tracker_admin:note-add", lambda rec: [rec.pk], {"scrutiny_member", "site_admin"}),
    ("tracker_admin:import", lambda rec: [], {"organiser", "site_admin"}),
    ("tracker_recommendations:index", lambda rec: [], {"organiser", "site_admin"}),
    ("tracker_recommendations:add", lambda rec: [], {"organiser", "site_admin"}),
    ("tracker_recommendations:edit", lambda rec: [rec.pk], {"organiser", "site_admin"}),
    ("tracker_recommendations:history", lambda rec: [rec.pk], {"organiser", "site_admin"}),
    ("tracker_themes:index", lambda rec: [], {"organiser", "site_admin"}),
    ("tracker_themes:add", lambda rec: [], {"organiser", "site_admin"}),
]


def assert_refused(response, role):
    if role in ("visitor", "parent"):
        assert response.status_code == 302, role
        assert "login" in response["Location"], role
    else:
        assert response.status_code in (302, 403), role
        if response.status_code == 302:  # Wagtail's generic views send the refused to the admin home
            assert response["Location"] == reverse("wagtailadmin_home"), role


@pytest.mark.parametrize(("name", "args", "allowed"), VIEWS, ids=[v[0] for v in VIEWS])
def test_view_matrix(request, client, tracker_login, assigned_recommendation, name, args, allowed):
    url = reverse(name, args=args(assigned_recommendation))
    for role in ROLES:  # one test per view, every role in turn (a fresh set-up per role is slow)
        client.logout()
        response = tracker_login(user_for(request, role)).get(url)
        if role in allowed:
            assert response.status_code == 200, role
        else:
            assert_refused(response, role)
            assert assigned_recommendation.title.encode() not in response.content, role


def test_unknown_ids_are_404_for_the_allowed_and_refused_first_for_others(tracker_login, scrutiny_member, officer):
    client = tracker_login(scrutiny_member)
    assert client.get(reverse("tracker_admin:sign-off", args=[999999])).status_code == 404
    client = tracker_login(officer)
    assert_refused(client.get(reverse("tracker_admin:sign-off", args=[999999])), "officer")


def test_action_of_another_recommendation_is_404(tracker_login, officer, assigned_recommendation, make_recommendation):
    other = make_recommendation(officer=officer)
    action = _action(other)
    url = reverse("tracker_admin:action-progress", args=[assigned_recommendation.pk, action.pk])
    assert tracker_login(officer).get(url).status_code == 404


# --- Every action, posted by those who may not: refused and nothing changes ---------------------------------

POSTS = [
    (
        "tracker_admin:response-record",
        {"response": "rejected", "response_reasons": "No", "response_decided_on": "2026-04-01"},
        {"officer", "organiser", "site_admin"},
    ),
    (
        "tracker_admin:update-add",
        {"date": "2026-05-01", "status": "on_track", "rag": "green", "percent_complete": "10", "narrative": "Hacked"},
        {"officer", "site_admin"},
    ),
    ("tracker_admin:action-add", {"title": "Hacked"}, {"officer", "site_admin"}),
    ("tracker_admin:sign-off", {"decision": "sent_back", "comment": "Hacked"}, {"scrutiny_member", "site_admin"}),
    ("tracker_admin:note-add", {"text": "Hacked"}, {"scrutiny_member", "site_admin"}),
]


def _snapshot():
    return (
        list(Recommendation.objects.values_list("response", "status", "sign_off", "percent_complete")),
        ImplementationUpdate.objects.count(),
        Action.objects.count(),
        SignOffDecision.objects.count(),
        InternalNote.objects.count(),
    )


@pytest.mark.parametrize(("name", "data", "allowed"), POSTS, ids=[p[0] for p in POSTS])
def test_posts_by_others_are_refused(
    request, client, tracker_login, assigned_recommendation, officer, name, data, allowed
):
    from recommendations import services

    # A completed recommendation, so a sign-off would otherwise be possible.
    services.update_add(
        recommendation=assigned_recommendation,
        user=officer,
        status="completed",
        rag="green",
        percent_complete=100,
        narrative="Done",
    )
    before = _snapshot()
    for role in [r for r in ROLES if r not in allowed]:
        client.logout()
        response = tracker_login(user_for(request, role)).post(reverse(name, args=[assigned_recommendation.pk]), data)
        assert_refused(response, role)
        assert _snapshot() == before, role


def test_import_confirm_refused(request, client, tracker_login, review):
    for role in [r for r in ROLES if r not in ("organiser", "site_admin")]:
        client.logout()
        response = tracker_login(user_for(request, role)).post(
            reverse("tracker_admin:import-confirm"), {"payload": "x"}
        )
        assert_refused(response, role)
    assert not Recommendation.objects.exists()


# --- The menu shows each role only what it may use ----------------------------------------------------------

MENU = {
    "Scrutiny dashboard": {"scrutiny_member", "site_admin"},
    "My recommendations": {"officer", "other_officer", "site_admin"},
    "Import recommendations": {"organiser", "site_admin"},
    "Recommendations": {"organiser", "site_admin"},
    "Themes": {"organiser", "site_admin"},
}


def test_menu_items_per_role(request, rf):
    from wagtail.admin.menu import admin_menu

    for role in sorted(STAFF):
        http_request = rf.get("/admin/")
        http_request.user = request.getfixturevalue(role)
        items = {item.name: item for item in admin_menu.menu_items_for_request(http_request)}
        tracker = items.get("tracker")
        labels = {i.label for i in tracker.menu.menu_items_for_request(http_request)} if tracker else set()
        assert labels == {label for label, roles in MENU.items() if role in roles}, role
