"""No staff member opens an empty admin home: each role sees at least one panel about its own work (the apps
add them with `construct_homepage_panels`), a site admin included."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db


def _panels(client) -> list[str]:
    """The headings of the panels under the dashboard's header (Wagtail's own, like "Your most recent edits",
    show only when they have something in them)."""
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    dashboard = soup.select_one(".w-dashboard")
    header = dashboard.find("header")
    header.decompose()
    assert "This is your dashboard on which helpful information" not in dashboard.get_text()
    return [h.get_text(" ", strip=True) for h in dashboard.find_all(["h2", "h3"])]


@pytest.mark.parametrize("fixture", ["organiser", "scrutiny_member", "officer", "site_admin"])
def test_every_staff_role_has_something_on_the_admin_home(request, client, home_page, fixture):
    mfa_login(client, request.getfixturevalue(fixture))
    assert _panels(client), f"the admin home is empty for {fixture}"
