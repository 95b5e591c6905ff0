"""Staff must set up two-factor authentication (allauth TOTP) before they reach the Wagtail admin."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fixture", ["organiser", "scrutiny_member", "officer", "site_admin"])
def test_staff_without_mfa_are_sent_to_set_it_up(request, client, home_page, password, fixture):
    user = request.getfixturevalue(fixture)
    client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert "_auth_user_id" in client.session
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    follow = client.get(response["Location"], follow=True)
    if follow.redirect_chain and "reauthenticate" in follow.redirect_chain[-1][0]:
        # allauth confirms the password before adding an authenticator.
        follow = client.post(follow.redirect_chain[-1][0], {"password": password}, follow=True)
    assert follow.status_code == 200
    assert 'name="code"' in follow.content.decode()  # the authenticator set-up form


@pytest.mark.parametrize("fixture", ["organiser", "site_admin"])
def test_staff_whose_session_passed_mfa_reach_admin(request, client, home_page, fixture):
    mfa_login(client, request.getfixturevalue(fixture))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.parametrize("fixture", ["organiser", "scrutiny_member", "officer", "site_admin"])
def test_an_authenticator_is_not_enough_this_session_must_pass_it(request, client, home_page, totp, fixture):
    """The hole: a session signed in with a password alone (here force_login, like Wagtail's old
    `_util/login/`) must not reach the admin just because the user has an authenticator."""
    user = request.getfixturevalue(fixture)
    authenticator = totp(user)
    client.force_login(user)
    response = client.get("/admin/reports/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2Freports%2F"
    # Typing the code there completes the second factor for this session and goes on to the admin.
    code = _current_code(authenticator)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302 and response["Location"] == "/admin/reports/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_at_the_second_step_keeps_the_admin_shut(client, home_page, organiser, totp):
    totp(organiser)
    client.force_login(organiser)
    response = client.post(reverse("mfa_reauthenticate") + "?next=/admin/", {"code": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get("/admin/").status_code == 302


def test_setting_up_totp_counts_as_passing_it(client, home_page, organiser, password):
    client.post(reverse("account_login"), {"login": organiser.email, "password": password})
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    if response.redirect_chain and "reauthenticate" in response.redirect_chain[-1][0]:
        response = client.post(response.redirect_chain[-1][0], {"password": password}, follow=True)
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

    code = hotp_value(response.context["form"].secret, next(iter(yield_hotp_counters_from_time())))
    assert client.get("/admin/").status_code == 302  # not yet
    assert client.post(reverse("mfa_activate_totp"), {"code": f"{code:06d}"}).status_code == 302
    assert client.get("/admin/").status_code == 200


def _current_code(authenticator) -> str:
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    secret = (
        authenticator.instance.data["secret"] if hasattr(authenticator, "instance") else authenticator.data["secret"]
    )
    return f"{hotp_value(decrypt(secret), next(iter(yield_hotp_counters_from_time()))):06d}"


def test_admin_login_page_goes_through_allauth(client, home_page):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/pages/"


def test_login_with_totp_asks_for_code(client, home_page, organiser, password, totp):
    totp(organiser)
    response = client.post(reverse("account_login"), {"login": organiser.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_login_with_totp_code_completes(client, home_page, organiser, password, totp):
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

    authenticator = totp(organiser)
    client.post(reverse("account_login"), {"login": organiser.email, "password": password})
    secret = (
        authenticator.instance.data["secret"] if hasattr(authenticator, "instance") else authenticator.data["secret"]
    )
    from allauth.mfa.utils import decrypt

    counter = next(iter(yield_hotp_counters_from_time()))
    code = hotp_value(decrypt(secret), counter)
    response = client.post(reverse("mfa_authenticate"), {"code": f"{code:06d}"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_parents_may_set_up_mfa_too(client, home_page, parent, password):
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

    client.post(reverse("account_login"), {"login": parent.email, "password": password})
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    if response.redirect_chain and "reauthenticate" in response.redirect_chain[-1][0]:
        response = client.post(response.redirect_chain[-1][0], {"password": password}, follow=True)
    secret = response.context["form"].secret
    code = hotp_value(secret, next(iter(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_activate_totp"), {"code": f"{code:06d}"})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=parent, type=Authenticator.Type.TOTP).exists()


def test_wrong_totp_code_is_refused(client, home_page, parent, password):
    client.post(reverse("account_login"), {"login": parent.email, "password": password})
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    if response.redirect_chain and "reauthenticate" in response.redirect_chain[-1][0]:
        client.post(response.redirect_chain[-1][0], {"password": password})
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Authenticator.objects.filter(user=parent).exists()


def test_requirement_can_be_switched_off(client, home_page, organiser, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(organiser)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
