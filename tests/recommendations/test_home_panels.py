"""The tracker's panels on the Wagtail admin home: scrutiny members see how many recommendations are in each
dashboard list, each linking to its section; council officers see their own recommendations due next. Each
panel only for its role, at a fixed number of queries however many recommendations there are."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import ImplementationStatus, SignOffState
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
HOME = "/admin/"
SCRUTINY_PANEL = "tracker-scrutiny-section"
OFFICER_PANEL = "tracker-officer-section"


def home(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def work(make_review, make_recommendation, officer):
    """One recommendation in each of the scrutiny lists, several of them the officer's."""
    old = make_review(adopted_on=TODAY - 200 * DAY, title="SEND review 2025")
    recs = {
        "response_overdue": make_recommendation(
            review=old, response="awaiting", target_date=None, title="Awaited for months"
        ),
        "overdue": make_recommendation(review=old, officer=officer, target_date=TODAY - 5 * DAY, title="Autism waits"),
        "due_soon": make_recommendation(review=old, officer=officer, target_date=TODAY + 20 * DAY, title="EP capacity"),
        "slipped": make_recommendation(review=old, officer=officer, target_date=TODAY + 10 * DAY, title="AP places"),
        "later": make_recommendation(
            review=old, officer=officer, target_date=TODAY + 90 * DAY, title="Co-production charter"
        ),
        "completed": make_recommendation(
            review=old, officer=officer, target_date=TODAY - 30 * DAY, title="EHC plan timeliness"
        ),
        "achieved": make_recommendation(
            review=old,
            officer=officer,
            target_date=TODAY - 40 * DAY,
            title="Local offer pages",
            status=ImplementationStatus.COMPLETED,
            percent_complete=100,
            sign_off=SignOffState.ACHIEVED,
        ),
        "rejected": make_recommendation(
            review=old,
            officer=officer,
            response="rejected",
            response_reasons="No",
            target_date=TODAY + 3 * DAY,
            title="Ring-fenced fund",
        ),
        "someone_elses": make_recommendation(
            review=old,
            officer=UserFactory(role="Council officers"),
            target_date=TODAY + 1 * DAY,
            title="Someone else's",
        ),
    }
    services.update_add(
        recommendation=recs["completed"],
        user=officer,
        status="completed",
        rag="green",
        percent_complete=100,
        narrative="Timeliness now 64%.",
    )
    services.update_add(
        recommendation=recs["slipped"],
        user=officer,
        status="slipped",
        rag="red",
        percent_complete=30,
        narrative="Tender failed.",
        revised_target_date=TODAY + 100 * DAY,
        slip_reason="No compliant bids.",
    )
    return recs


def test_scrutiny_member_sees_each_list_counted_and_linked_to_its_section(tracker_login, scrutiny_member, work):
    client = tracker_login(scrutiny_member)
    panel = home(client).find(id=SCRUTINY_PANEL)
    assert panel is not None
    rows = {
        tr.a.get_text(strip=True): (tr.a["href"], tr.find_all("td")[-1].get_text(" ", strip=True))
        for tr in panel.tbody.find_all("tr")
    }
    dashboard = reverse("tracker_admin:dashboard")
    assert rows == {
        "Response overdue": (f"{dashboard}#response-overdue-section", "1 recommendation"),
        "Implementation overdue": (f"{dashboard}#implementation-overdue-section", "1 recommendation"),
        "Slipped, target revised": (f"{dashboard}#slipped-section", "1 recommendation"),
        "Due in the next 30 days": (
            f"{dashboard}#due-soon-section",
            "2 recommendations",
        ),  # EP capacity and someone else's
        "Completed, awaiting sign-off": (f"{dashboard}#awaiting-sign-off-section", "1 recommendation"),
    }
    # Every link lands on a section of the dashboard.
    sections = {tag["id"] for tag in BeautifulSoup(client.get(dashboard).content, "html.parser").find_all(id=True)}
    assert {href.split("#")[1] for href, _ in rows.values()} <= sections
    assert panel.find(id=OFFICER_PANEL) is None


def test_scrutiny_counts_are_zero_with_nothing_to_do(tracker_login, scrutiny_member, review):
    panel = home(tracker_login(scrutiny_member)).find(id=SCRUTINY_PANEL)
    assert [tr.find_all("td")[-1].get_text(" ", strip=True) for tr in panel.tbody.find_all("tr")] == [
        "0 recommendations"
    ] * 5


def test_officer_sees_their_open_recommendations_nearest_target_first(tracker_login, officer, work):
    panel = home(tracker_login(officer)).find(id=OFFICER_PANEL)
    assert panel is not None
    titles = [tr.a.get_text(" ", strip=True) for tr in panel.tbody.find_all("tr")]
    # Not the completed, signed-off, rejected or someone else's; the slipped one by its revised date.
    assert titles == ["2. Autism waits", "3. EP capacity", "5. Co-production charter", "4. AP places"]
    links = [tr.a["href"] for tr in panel.tbody.find_all("tr")]
    assert links[0] == reverse("tracker_admin:recommendation", args=[work["overdue"].pk])
    assert "Overdue" in panel.tbody.find_all("tr")[0].get_text()
    assert "Overdue" not in panel.tbody.find_all("tr")[1].get_text()
    assert "(revised)" in panel.tbody.find_all("tr")[3].get_text()
    assert panel.find("a", href=reverse("tracker_admin:my-recommendations")) is not None


def test_officer_panel_shows_at_most_five(tracker_login, officer, make_recommendation):
    for n in range(8):
        make_recommendation(officer=officer, target_date=TODAY + (n + 1) * DAY, title=f"Due in {n + 1} days")
    panel = home(tracker_login(officer)).find(id=OFFICER_PANEL)
    assert [tr.a.get_text(" ", strip=True).split(". ", 1)[1] for tr in panel.tbody.find_all("tr")] == [
        f"Due in {n} days" for n in range(1, 6)
    ]


def test_officer_with_nothing_due_is_told_so(tracker_login, officer, make_recommendation):
    make_recommendation(officer=officer, target_date=None)
    panel = home(tracker_login(officer)).find(id=OFFICER_PANEL)
    assert panel.tbody is None
    assert "None of your open recommendations has a target date yet." in panel.get_text()


@pytest.mark.parametrize(
    ("role", "scrutiny", "officer_panel"),
    [
        ("scrutiny_member", True, False),
        ("officer", False, True),
        ("organiser", False, False),
        ("site_admin", True, True),
    ],
)
def test_each_panel_only_for_its_role(request, tracker_login, work, role, scrutiny, officer_panel):
    soup = home(tracker_login(request.getfixturevalue(role)))
    assert (soup.find(id=SCRUTINY_PANEL) is not None) is scrutiny, role
    assert (soup.find(id=OFFICER_PANEL) is not None) is officer_panel, role
    text = soup.get_text()
    if not scrutiny:
        assert "Response overdue" not in text, role
    if not officer_panel:
        assert "Autism waits" not in text, role


def test_parents_and_visitors_never_reach_the_admin_home(client, tracker_login, parent, work):
    assert client.get(HOME).status_code == 302
    response = tracker_login(parent).get(HOME)
    assert response.status_code in (302, 403) and b"Autism waits" not in response.content


def _spread(make_review, make_recommendation, officer, n: int) -> None:
    """n recommendations of the officer's over two reviews, in every list in turn."""
    reviews = [make_review(adopted_on=TODAY - 200 * DAY) for _ in range(2)]
    states = [
        {"response": "awaiting", "target_date": None},
        {"target_date": TODAY - 5 * DAY},
        {"target_date": TODAY + 10 * DAY},
        {
            "target_date": TODAY + 80 * DAY,
            "status": ImplementationStatus.SLIPPED,
            "revised_target_date": TODAY + 90 * DAY,
        },
        {"target_date": TODAY - 40 * DAY, "status": ImplementationStatus.COMPLETED, "percent_complete": 100},
    ]
    for i in range(n):
        make_recommendation(review=reviews[i % 2], officer=officer, **states[i % len(states)])


@pytest.mark.parametrize("role", ["scrutiny_member", "officer"])
def test_home_query_count_is_the_same_for_2_and_10_recommendations(
    request, tracker_login, officer, make_review, make_recommendation, role
):
    client = tracker_login(request.getfixturevalue(role))
    _spread(make_review, make_recommendation, officer, 2)
    home(client)  # warm up (content types, session)
    with CaptureQueriesContext(connection) as few:
        home(client)
    _spread(make_review, make_recommendation, officer, 8)
    with CaptureQueriesContext(connection) as many:
        soup = home(client)
    assert soup.find(id=SCRUTINY_PANEL if role == "scrutiny_member" else OFFICER_PANEL) is not None
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
