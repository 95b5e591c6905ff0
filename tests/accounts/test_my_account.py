"""My account: display name, data export (JSON), account deletion."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.template import Context, Template
from django.urls import reverse

from forum_site.accounts.models import User
from tests.conftest import mfa_login, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_URLS = [
    "accounts:account-home",
    "accounts:display-name-edit",
    "accounts:data-export",
    "accounts:account-delete",
]


@pytest.mark.parametrize("name", ACCOUNT_URLS)
def test_visitors_are_sent_to_sign_in(client, home_page, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("fixture", ["parent", "organiser", "scrutiny_member", "officer", "site_admin"])
def test_every_role_sees_only_their_own_account(request, client, home_page, fixture):
    other = UserFactory(display_name="Someone else entirely")
    user = request.getfixturevalue(fixture)
    mfa_login(client, user)
    html = client.get(reverse("accounts:account-home")).content.decode()
    assert user.email in html
    assert other.email not in html and "Someone else entirely" not in html


def test_change_display_name(client, home_page, parent):
    sign_in(client, parent)
    response = client.post(reverse("accounts:display-name-edit"), {"display_name": "  New   name  "})
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.display_name == "New name"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a display name"),
        ("y" * 51, "50 characters or fewer"),
        ("<img src=x onerror=alert(1)>", "&lt; or &gt;"),
    ],
)
def test_bad_display_name_changes_nothing(client, home_page, parent, value, message):
    sign_in(client, parent)
    response = client.post(reverse("accounts:display-name-edit"), {"display_name": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html and 'href="#id_display_name"' in html
    assert message in html
    assert "<img src=x" not in html
    parent.refresh_from_db()
    assert parent.display_name == "Jo parent"


def test_display_name_form_enforces_csrf(home_page, parent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, parent)
    assert client.post(reverse("accounts:display-name-edit"), {"display_name": "Hacked"}).status_code == 403
    parent.refresh_from_db()
    assert parent.display_name == "Jo parent"


def test_data_export_has_own_data_only(client, home_page, parent):
    other = UserFactory(email="other@example.org")
    sign_in(client, parent)
    response = client.get(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == parent.email
    assert data["account"]["display_name"] == "Jo parent"
    assert data["account"]["roles"] == ["Parents and carers"]
    assert data["email_addresses"] == [{"email": parent.email, "verified": True, "primary": True}]
    assert other.email not in response.content.decode()
    assert "password" not in json.dumps(data).lower()


def test_delete_account_with_wrong_password_changes_nothing(client, home_page, parent):
    sign_in(client, parent)
    response = client.post(reverse("accounts:account-delete"), {"password": "not-my-password", "confirm": "on"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.filter(pk=parent.pk).exists()
    assert "_auth_user_id" in client.session


def test_delete_account_needs_the_box_ticked(client, home_page, parent, password):
    sign_in(client, parent)
    response = client.post(reverse("accounts:account-delete"), {"password": password})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert User.objects.filter(pk=parent.pk).exists()


def test_delete_account(client, home_page, parent, password):
    sign_in(client, parent)
    response = client.post(reverse("accounts:account-delete"), {"password": password, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=parent.pk).exists()
    assert not EmailAddress.objects.filter(email=parent.email).exists()
    assert "_auth_user_id" not in client.session
    follow = client.get(response["Location"])
    assert "Your account has been deleted" in follow.content.decode()


def test_delete_account_get_does_not_delete(client, home_page, parent):
    sign_in(client, parent)
    assert client.get(reverse("accounts:account-delete")).status_code == 200
    assert User.objects.filter(pk=parent.pk).exists()


def test_deleted_author_shows_as_former_member():
    rendered = Template("{% load core_tags %}{{ author|author_name }}").render(Context({"author": None}))
    assert rendered == "a former member"
    user = User(display_name="<b>Sam</b>")
    rendered = Template("{% load core_tags %}{{ author|author_name }}").render(Context({"author": user}))
    assert rendered == "&lt;b&gt;Sam&lt;/b&gt;"


@pytest.mark.parametrize(("name", "shown"), [("<b>Sam</b>", "&lt;b&gt;Sam&lt;/b&gt;"), ("", "a former member")])
def test_author_name_from_a_display_name_alone(name, shown):
    """Lists of posts read only the author's display name (posts_for_reader): the same rules apply."""
    rendered = Template("{% load core_tags %}{{ author|author_name }}").render(Context({"author": name}))
    assert rendered == shown


@pytest.mark.django_db
def test_a_deleted_authors_posts_show_a_former_member(client, topic, member):
    from forum_site.moderation import services

    reply = services.post_submit(thread=topic.thread, author=member, body="Words that stay")
    client.force_login(UserFactory(display_name="Reader"))
    member.delete()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert f'id="post-{reply.pk}"' in page and "Words that stay" in page
    assert "a former member" in page and "Sam member" not in page


def test_my_account_lists_what_the_member_holds_with_a_link_for_each(client, home_page, parent):
    from bs4 import BeautifulSoup

    sign_in(client, parent)
    soup = BeautifulSoup(client.get(reverse("accounts:account-home")).content, "html.parser")
    cards = {
        card.select_one(".govuk-summary-card__title").get_text(strip=True): card
        for card in soup.select(".govuk-summary-card")
    }
    assert list(cards) == ["Your details", "Taking part", "Your data"]
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(strip=True)
        for row in cards["Your details"].select(".govuk-summary-list__row")
    }
    assert rows == {
        "Display name": "Jo parent",
        "Email address": parent.email,
        "Password": "Set",
        "Two-factor authentication": "Off",
        "Role": "Parents and carers",
    }
    links = {a["href"] for a in soup.select("main a")}
    for name in (
        "accounts:display-name-edit",
        "account_email",
        "account_change_password",
        "mfa_index",
        "consultations:response-list",
        "notifications:follow-list",
        "notifications:preferences",
        "accounts:data-export",
        "accounts:account-delete",
    ):
        assert reverse(name) in links, name
    assert reverse("wagtailadmin_home") not in links  # not staff
    # Each "Change" says what it changes to a screen reader.
    changes = [a.get_text(" ", strip=True) for a in soup.select(".govuk-summary-list__actions a")]
    assert len(changes) == len(set(changes))
    crumbs = [a.get_text(strip=True) for a in soup.select(".govuk-breadcrumbs a")]
    assert crumbs == ["Home"]


@pytest.mark.parametrize(
    "name",
    ["accounts:display-name-edit", "accounts:account-delete", "account_change_password", "account_email", "mfa_index"],
)
def test_pages_below_my_account_lead_back_to_it(client, home_page, parent, name):
    from bs4 import BeautifulSoup

    sign_in(client, parent)
    soup = BeautifulSoup(client.get(reverse(name)).content, "html.parser")
    crumbs = [(a.get_text(strip=True), a["href"]) for a in soup.select(".govuk-breadcrumbs a")]
    assert crumbs == [("Home", "/"), ("My account", reverse("accounts:account-home"))]


def test_staff_see_the_way_to_the_admin(client, home_page, organiser):
    from bs4 import BeautifulSoup

    mfa_login(client, organiser)
    soup = BeautifulSoup(client.get(reverse("accounts:account-home")).content, "html.parser")
    assert soup.find("a", href=reverse("wagtailadmin_home"), string="Go to the admin")
