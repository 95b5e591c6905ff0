"""HomePage and StandardPage: rendering, structure, navigation from settings, admin editing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from forum_site.core.models import NavigationSettings
from forum_site.home.models import HomePage, StandardPage
from tests.conftest import mfa_login, sign_in

pytestmark = pytest.mark.django_db

STANDARD_PATHS = ["/about/", "/privacy/", "/accessibility/", "/contact/"]


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("path", ["/", *STANDARD_PATHS])
def test_page_structure(client, home_page, path):
    soup = _soup(client.get(path))
    assert soup.html["lang"] == "en-GB"
    assert len(soup.find_all("h1")) == 1
    skip = soup.find("a", class_="govuk-skip-link")
    assert skip and skip["href"] == "#main-content"
    assert soup.find("main", id="main-content")
    assert soup.find("header") and soup.find("footer")
    assert soup.find("nav", attrs={"aria-label": "Main"})
    assert not soup.find("script", src=False), "no inline scripts"
    assert soup.title.get_text().endswith("| Northfield Parent Carer Forum")


def test_navigation_and_footer_come_from_settings(client, home_page):
    soup = _soup(client.get("/"))
    main_links = [a.get_text(strip=True) for a in soup.select('nav[aria-label="Main"] a')]
    assert main_links == ["Consultations", "About the forum", "Contact us"]
    footer_links = [a["href"] for a in soup.select('nav[aria-label="Footer"] a')]
    assert footer_links == STANDARD_PATHS

    nav = NavigationSettings.load()
    nav.main_navigation = [
        ("link", {"page": None, "url": "https://www.example.org/local-offer", "label": "Local offer"})
    ]
    nav.footer_text = "Run by <volunteers>"
    nav.save()
    soup = _soup(client.get("/about/"))
    assert [a.get_text(strip=True) for a in soup.select('nav[aria-label="Main"] a')] == ["Local offer"]
    assert "Run by <volunteers>" in soup.footer.get_text()
    assert "<volunteers>" not in client.get("/about/").content.decode()


def test_home_page_shows_intro_and_no_invented_data(client, home_page):
    html = client.get("/").content.decode()
    assert home_page.intro[:40] in html
    # The tracker arrives with its app; nothing fake before.
    assert "tracker-summary" not in html


def test_signed_in_header(client, home_page, parent):
    sign_in(client, parent)
    soup = _soup(client.get("/"))
    account_nav = soup.find("nav", attrs={"aria-label": "Your account"})
    assert "My account" in account_nav.get_text()
    form = account_nav.find("form")
    assert form["method"] == "post" and form.find("input", attrs={"name": "csrfmiddlewaretoken"})


def test_page_tree_rules():
    assert StandardPage.parent_page_types == ["home.HomePage", "home.StandardPage"]
    assert HomePage.subpage_types == [
        "home.StandardPage",
        "consultations.ConsultationIndexPage",
        "recommendations.TrackerIndexPage",
        "discussions.BoardIndexPage",
    ]
    assert HomePage.max_count == 1


def test_unpublished_page_is_not_public_nor_linked(client, home_page):
    def nav_hrefs():
        soup = _soup(client.get("/"))
        return [a["href"] for a in soup.select("header nav a, footer nav a")]

    assert "/contact/" in nav_hrefs()  # the navigation is now cached
    page = StandardPage.objects.get(slug="contact")
    page.unpublish()
    assert client.get("/contact/").status_code == 404
    assert "/contact/" not in nav_hrefs()


def test_navigation_is_cached(client, home_page, django_assert_max_num_queries):
    client.get("/about/")
    with django_assert_max_num_queries(6):  # Wagtail routing and view restrictions only
        client.get("/about/")


def test_missing_page_gets_accessible_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Page not found"


@pytest.fixture
def admin_client_with_mfa(client, site_admin, totp):
    mfa_login(client, site_admin)
    return client


def test_admin_can_create_standard_page(admin_client_with_mfa, home_page):
    client = admin_client_with_mfa
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk])
    data = nested_form_data(
        {
            "title": "SEND local offer",
            "slug": "local-offer",
            "intro": "What the council offers.",
            "body": streamfield([("heading", "Who it is for"), ("paragraph", rich_text("<p>Families.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug="local-offer")
    assert page.live and page.get_parent().specific == home_page
    html = client.get("/local-offer/").content.decode()
    assert "Who it is for" in html and "Families." in html


def test_admin_refuses_standard_page_without_body(admin_client_with_mfa, home_page):
    client = admin_client_with_mfa
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk])
    count = Page.objects.count()
    data = nested_form_data(
        {"title": "Empty", "slug": "empty", "intro": "", "body": streamfield([]), "action-publish": "1"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert Page.objects.count() == count


@pytest.mark.parametrize("fixture", ["parent", "scrutiny_member", "officer"])
def test_other_roles_cannot_add_pages(request, client, home_page, totp, fixture):
    user = request.getfixturevalue(fixture)
    mfa_login(client, user)
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk])
    response = client.post(url, nested_form_data({"title": "X", "slug": "x", "body": streamfield([("heading", "X")])}))
    assert response.status_code in (302, 403)
    assert not StandardPage.objects.filter(slug="x").exists()
