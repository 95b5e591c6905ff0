"""A member's email settings ("Follow topics I start"): the defaults, the page, bad input and who may use it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from forum_site.notifications import selectors, services
from forum_site.notifications.models import Preferences
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

URL = "/notifications/settings/"
MEMBER_ROLES = ["parent", "organiser", "scrutiny_member", "officer", "site_admin"]


def checked(response) -> list[str]:
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return [i["value"] for i in html.select('input[name="follow_started"]') if i.has_attr("checked")]


def test_url():
    assert reverse("notifications:preferences") == URL


def test_on_by_default_without_a_row(parent):
    assert not Preferences.objects.exists()
    assert selectors.preferences_for(parent).follow_started is True
    assert not Preferences.objects.exists()  # reading the defaults writes nothing


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_every_verified_member_can_turn_it_off_and_on(request, client, role):
    user = request.getfixturevalue(role)
    sign_in(client, user)
    response = client.get(URL)
    assert response.status_code == 200 and checked(response) == ["yes"]
    response = client.post(URL, {"follow_started": "no"})
    assert response.status_code == 302 and response.url == URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your email settings are saved."]
    assert selectors.preferences_for(user).follow_started is False
    assert checked(client.get(URL)) == ["no"]
    client.post(URL, {"follow_started": "yes"})
    assert selectors.preferences_for(user).follow_started is True


def test_a_member_changes_only_their_own(client, parent, organiser):
    sign_in(client, parent)
    client.post(URL, {"follow_started": "no", "user": str(organiser.pk)})
    assert selectors.preferences_for(parent).follow_started is False
    assert selectors.preferences_for(organiser).follow_started is True


@pytest.mark.parametrize(
    "data", [{}, {"follow_started": ""}, {"follow_started": "maybe"}, {"follow_started": ["yes", "no", "x"]}]
)
def test_bad_input_is_refused_and_nothing_saved(client, parent, data):
    sign_in(client, parent)
    response = client.post(URL, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose whether to follow the topics you start." in text
    assert "govuk-error-summary" in text and "<title>Error: " in text
    assert not Preferences.objects.exists()


def test_visitor_is_sent_to_sign_in(client):
    for response in (client.get(URL), client.post(URL, {"follow_started": "no"})):
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not Preferences.objects.exists()


def test_unverified_member_is_asked_to_verify(client, unverified_parent):
    sign_in(client, unverified_parent)
    response = client.post(URL, {"follow_started": "no"})
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert not Preferences.objects.exists()


def test_the_service_refuses_an_unverified_member(unverified_parent):
    with pytest.raises(services.FollowRefused):
        services.preferences_set(user=unverified_parent, follow_started=False)
    assert not Preferences.objects.exists()


def test_other_methods_and_missing_csrf_are_refused(client, parent):
    sign_in(client, parent)
    assert client.put(URL).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, parent)
    assert strict.post(URL, {"follow_started": "no"}).status_code == 403
    assert not Preferences.objects.exists()


def test_the_page_is_not_cached(client, parent):
    sign_in(client, parent)
    assert "no-cache" in client.get(URL)["Cache-Control"]


def test_the_setting_is_in_download_my_data(parent):
    assert selectors.preferences_export(user=parent) == {"follow_topics_i_start": True}
    services.preferences_set(user=parent, follow_started=False)
    assert selectors.preferences_export(user=parent) == {"follow_topics_i_start": False}


def test_it_goes_with_the_account(parent):
    services.preferences_set(user=parent, follow_started=False)
    parent.delete()
    assert not Preferences.objects.exists()


def test_what_you_follow_says_what_the_setting_is_and_links_to_it(client, parent):
    sign_in(client, parent)
    text = " ".join(BeautifulSoup(client.get("/notifications/").content.decode(), "html.parser").get_text(" ").split())
    assert "When you start a topic, we follow it for you. Change this in your email settings" in text
    services.preferences_set(user=parent, follow_started=False)
    page = BeautifulSoup(client.get("/notifications/").content.decode(), "html.parser")
    assert "You have chosen not to follow the topics you start." in page.get_text()
    assert page.find("a", string="Change this in your email settings")["href"] == URL
