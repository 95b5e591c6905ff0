"""forum_site/accounts/permissions.py, tested directly, and the verified-member rule."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from forum_site.accounts import permissions
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_anonymous_has_nothing():
    anon = AnonymousUser()
    assert not permissions.can_act_as_member(anon)
    assert not permissions.is_staff_role(anon)
    assert permissions.role_names(anon) == []


def test_verified_parent_can_act_as_member(parent):
    assert permissions.can_act_as_member(parent)
    assert not permissions.is_staff_role(parent)


def test_unverified_member_cannot_act_as_member(unverified_parent):
    assert not permissions.has_verified_email(unverified_parent)
    assert not permissions.can_act_as_member(unverified_parent)


def test_inactive_member_cannot_act(parent):
    parent.is_active = False
    parent.save()
    assert not permissions.can_act_as_member(parent)


@pytest.mark.parametrize("fixture", ["organiser", "scrutiny_member", "officer", "site_admin"])
def test_staff_roles(request, fixture):
    assert permissions.is_staff_role(request.getfixturevalue(fixture))


def test_role_names(organiser, site_admin):
    assert permissions.role_names(organiser) == ["Forum organisers"]
    assert permissions.role_names(site_admin) == ["Site admin"]


@pytest.mark.urls("tests.accounts.member_urls")
def test_unverified_member_is_told_to_verify_with_resend(client, home_page, unverified_parent):
    """A member view behind `member_required` tells an unverified member to verify and resends the link."""
    from django.core import mail
    from django.urls import reverse

    sign_in(client, unverified_parent)
    response = client.get(reverse("member-only"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You can take part" not in html
    assert "Confirm your email address first" in html
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [unverified_parent.email]
    assert reverse("account_email") in html  # where to resend or change the address


@pytest.mark.urls("tests.accounts.member_urls")
def test_visitor_is_sent_to_sign_in_by_member_required(client, home_page):
    from django.urls import reverse

    response = client.get(reverse("member-only"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.urls("tests.accounts.member_urls")
def test_verified_member_passes_member_required(client, home_page, parent):
    from django.urls import reverse

    sign_in(client, parent)
    response = client.get(reverse("member-only"))
    assert response.status_code == 200
    assert "You can take part" in response.content.decode()
