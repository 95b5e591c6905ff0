"""The organisers' panel on the Wagtail admin home: open consultations with their response counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import ResponseStatus
from consultations.views_admin import OpenConsultationsPanel
from tests.conftest import sign_in
from tests.consultations.test_results import bulk_responses

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def _panel(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="open-consultations-section")


def _rows(panel) -> dict[str, str]:
    rows = {}
    for tr in panel.find("tbody").find_all("tr"):
        cells = tr.find_all("td")
        rows[cells[0].find("a").get_text().strip()] = cells[2].get_text(strip=True)
    return rows


@pytest.mark.parametrize("role", ["organiser", "site_admin"])
def test_organisers_see_open_consultations_with_response_counts(request, client, make_consultation, role):
    now = timezone.now()
    soon = make_consultation(title="Closing soon", closes_at=now + timedelta(days=2))
    later = make_consultation(title="Closing later", closes_at=now + timedelta(days=20))
    make_consultation(title="Already closed", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    make_consultation(title="Not open yet", opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=9))
    bulk_responses(soon, 3)
    withdrawn = bulk_responses(later, 2)
    withdrawn[0].__class__.objects.filter(pk=withdrawn[0].pk).update(status=ResponseStatus.WITHDRAWN)

    sign_in(client, request.getfixturevalue(role))
    panel = _panel(client)
    assert panel is not None
    rows = _rows(panel)
    assert list(rows) == ["Closing soon", "Closing later"], "open ones only, closing soonest first"
    assert rows == {"Closing soon": "3", "Closing later": "1"}
    link = panel.find("tbody").find("a")
    assert link["href"] == reverse("consultation_results:results", args=[soon.pk])
    assert panel.find("h2") or panel.find(class_="w-panel__heading")


def test_with_none_open_the_panel_says_so(client, organiser, consultation_index):
    sign_in(client, organiser)
    assert "No consultations are open at the moment." in _panel(client).get_text()


@pytest.mark.parametrize("role", ["scrutiny_member", "officer"])
def test_other_staff_do_not_get_the_panel(request, client, consultation, role):
    bulk_responses(consultation, 2)
    sign_in(client, request.getfixturevalue(role))
    response = client.get(HOME)
    assert response.status_code == 200
    assert b"open-consultations-section" not in response.content
    assert consultation.title.encode() not in response.content


def test_the_panel_is_not_for_members_or_visitors(client, parent):
    assert client.get(HOME).status_code == 302
    sign_in(client, parent)
    assert client.get(HOME).status_code in (302, 403)


def _panel_queries(organiser) -> int:
    from django.test import RequestFactory

    request = RequestFactory().get(HOME)
    request.user = organiser
    with CaptureQueriesContext(connection) as ctx:
        html = OpenConsultationsPanel().render_html({"request": request})
    assert "open-consultations" in html
    return len(ctx.captured_queries)


def _home_queries(client) -> int:
    client.get(HOME)  # warm Wagtail's caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(HOME).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_consultations(client, organiser, make_consultation):
    sign_in(client, organiser)
    for _ in range(2):
        bulk_responses(make_consultation(), 2)
    panel_at_two, home_at_two = _panel_queries(organiser), _home_queries(client)
    for _ in range(8):
        bulk_responses(make_consultation(), 2)
    assert len(_rows(_panel(client))) == 10
    assert _panel_queries(organiser) == panel_at_two == 1
    assert _home_queries(client) == home_at_two
