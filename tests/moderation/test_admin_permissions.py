"""Who reaches the moderation queue in the admin: every view and every action, for every role."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from forum_site.moderation.models import MemberSuspension, Post, PostState
from tests.conftest import mfa_login
from tests.moderation.conftest import PHONE_BODY, QUEUE, item_url, log_entries

pytestmark = pytest.mark.django_db

REFUSED = ["parent", "unverified_parent", "member", "scrutiny_member", "officer"]
ALLOWED = ["organiser", "site_admin"]

# (name, url for the post, form data)
ACTIONS = [
    ("approve", {"action": "approve", "reason": "Fine"}),
    ("reject", {"action": "reject", "reason": "Contains a phone number"}),
    ("hide", {"action": "hide", "reason": "Personal details"}),
    ("restore", {"action": "restore", "reason": "Put back"}),
    ("redact", {"action": "redact", "body": "Ring me about the tribunal.", "reason": "Phone", "publish": "on"}),
    ("suspend", {"action": "suspend", "days": "7", "reason": "Repeated"}),
    ("spam", {"action": "spam", "reason": "Spam", "confirm": "on"}),
]

GET_VIEWS = [
    ("index", lambda post: reverse(QUEUE)),
    ("item", lambda post: item_url(post)),
    ("thread", lambda post: reverse("moderation_queue:thread", args=[post.thread_id])),
    ("topic pin", lambda post: reverse("forum_admin:topic", args=[post.thread.object_id])),  # the forum's own screen
]


def _refused(response) -> bool:
    if response.status_code == 403:
        return True
    # Wagtail sends a member without admin access to sign in, and other staff to the admin's home page.
    return response.status_code == 302 and not urlsplit(response["Location"]).path.startswith("/admin/moderation/")


@pytest.mark.parametrize(("view", "url"), GET_VIEWS)
@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_cannot_see_the_queue(request, staff_client, phone_post, role, view, url):
    client = staff_client(request.getfixturevalue(role))
    response = client.get(url(phone_post))
    assert _refused(response)
    assert b"07700" not in response.content


@pytest.mark.parametrize(("view", "url"), GET_VIEWS)
def test_visitors_are_sent_to_sign_in(client, phone_post, view, url):
    response = client.get(url(phone_post))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize(("view", "url"), GET_VIEWS)
@pytest.mark.parametrize("role", ALLOWED)
def test_organisers_and_admins_see_the_queue(request, staff_client, phone_post, role, view, url):
    client = staff_client(request.getfixturevalue(role))
    response = client.get(url(phone_post))
    assert response.status_code == 200


def _unchanged(post, before_state, before_body, before_logs):
    after = Post.objects.get(pk=post.pk)
    return (
        after.state == before_state
        and after.body == before_body
        and after.needs_review
        and log_entries(post).count() == before_logs
        and not MemberSuspension.objects.exists()
    )


@pytest.mark.parametrize(("action", "data"), ACTIONS)
@pytest.mark.parametrize("role", [*REFUSED, "visitor"])
def test_other_roles_cannot_act(request, staff_client, client, phone_post, role, action, data):
    if role != "visitor":
        client = staff_client(request.getfixturevalue(role))
    logs = log_entries(phone_post).count()
    response = client.post(item_url(phone_post), data)
    assert _refused(response)
    assert _unchanged(phone_post, PostState.PENDING, PHONE_BODY, logs)


@pytest.mark.parametrize("role", [*REFUSED, "visitor"])
def test_other_roles_cannot_bulk_act_or_change_thread_settings(request, staff_client, client, phone_post, role):
    if role != "visitor":
        client = staff_client(request.getfixturevalue(role))
    logs = log_entries(phone_post).count()
    response = client.post(reverse("moderation_queue:bulk"), {"posts": [phone_post.pk], "action": "approve"})
    assert _refused(response)
    response = client.post(
        reverse("moderation_queue:thread", args=[phone_post.thread_id]),
        {"locked": "on", "premoderated": "on", "slow_mode_seconds": "60", "pinned": "on"},
    )
    assert _refused(response)
    response = client.post(reverse("forum_admin:topic", args=[phone_post.thread.object_id]), {"pinned": "on"})
    assert _refused(response)
    assert _unchanged(phone_post, PostState.PENDING, PHONE_BODY, logs)
    phone_post.thread.refresh_from_db()
    assert not phone_post.thread.locked and not phone_post.thread.premoderated
    assert not phone_post.thread.target.pinned


@pytest.mark.parametrize("role", ALLOWED)
def test_organisers_and_admins_can_act(request, staff_client, phone_post, fresh, role):
    client = staff_client(request.getfixturevalue(role))
    response = client.post(item_url(phone_post), {"action": "approve", "reason": "Checked"})
    assert response.status_code == 302 and response["Location"] == reverse(QUEUE)
    assert fresh(phone_post).state == PostState.PUBLISHED
    response = client.post(
        reverse("moderation_queue:thread", args=[phone_post.thread_id]), {"locked": "on", "slow_mode_seconds": "0"}
    )
    assert response.status_code == 302
    phone_post.thread.refresh_from_db()
    assert phone_post.thread.locked


def test_menu_item_only_for_moderators_and_free_for_others(client, totp, organiser, officer, phone_post):
    """The count badge costs organisers one query; other staff neither see the item nor pay for it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mfa_login(client, organiser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moderation (1)" in html and "Watch lists" in html
    mfa_login(client, officer)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moderation (" not in html and "Moderation queue" not in html and "Watch lists" not in html
    assert not [q for q in queries.captured_queries if "moderation_post" in q["sql"]]
