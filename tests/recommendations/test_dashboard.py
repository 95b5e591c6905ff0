"""The scrutiny dashboard: its work lists, per-review summaries, sign-off and internal notes; its query count
does not grow with the number of recommendations."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations import services, staff_selectors
from recommendations.models import ImplementationStatus, InternalNote, Recommendation, SignOffDecision, SignOffState

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def scenario(make_review, make_recommendation, officer, scrutiny_member):
    """One recommendation in each dashboard list."""
    old = make_review(adopted_on=TODAY - 200 * DAY, title="SEND review 2025")
    recent = make_review(adopted_on=TODAY - 10 * DAY, title="Short breaks review")
    recs = {
        "response_overdue": make_recommendation(
            review=old, response="awaiting", target_date=None, title="Awaited for months"
        ),
        "awaiting_in_time": make_recommendation(
            review=recent, response="awaiting", target_date=None, title="Awaited, in time"
        ),
        "overdue": make_recommendation(review=old, officer=officer, target_date=TODAY - 5 * DAY, title="Autism waits"),
        "due_soon": make_recommendation(review=old, officer=officer, target_date=TODAY + 20 * DAY, title="EP capacity"),
        "later": make_recommendation(
            review=old, officer=officer, target_date=TODAY + 90 * DAY, title="Co-production charter"
        ),
        "completed": make_recommendation(
            review=old, officer=officer, target_date=TODAY - 30 * DAY, title="EHC plan timeliness"
        ),
        "rejected": make_recommendation(
            review=old,
            response="rejected",
            response_reasons="No",
            target_date=TODAY - 30 * DAY,
            title="Ring-fenced fund",
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
    services.note_add(recommendation=recs["overdue"], user=scrutiny_member, text="Ask the director at the next panel.")
    return recs


def test_dashboard_lists(scenario):
    d = staff_selectors.dashboard_for_scrutiny()
    assert [r.title for r in d.response_overdue] == ["Awaited for months"]
    assert [r.title for r in d.implementation_overdue] == ["Autism waits"]
    assert [r.title for r in d.due_soon] == ["EP capacity"]
    assert [r.title for r in d.awaiting_sign_off] == ["EHC plan timeliness"]
    assert d.implementation_overdue[0].note_count == 1
    summary = {r.title: r for r in d.reviews}
    old = summary["SEND review 2025"]
    assert (old.total, old.agreed, old.rejected, old.awaiting, old.response_overdue, old.overdue, old.completed) == (
        6,
        4,
        1,
        1,
        1,
        1,
        1,
    )
    assert (summary["Short breaks review"].awaiting, summary["Short breaks review"].response_overdue) == (1, 0)


def test_a_slipped_recommendation_counts_against_its_revised_date(scenario, officer):
    services.update_add(
        recommendation=scenario["overdue"],
        user=officer,
        status="slipped",
        rag="red",
        percent_complete=20,
        narrative="Clinic delayed",
        revised_target_date=TODAY + 10 * DAY,
        slip_reason="No clinicians",
    )
    d = staff_selectors.dashboard_for_scrutiny()
    assert "Autism waits" not in [r.title for r in d.implementation_overdue]
    assert "Autism waits" in [r.title for r in d.due_soon]


def test_dashboard_page_shows_lists_and_notes_count(tracker_login, scrutiny_member, scenario):
    content = tracker_login(scrutiny_member).get(reverse("tracker_admin:dashboard")).content.decode()
    for title in ("Awaited for months", "Autism waits", "EP capacity", "EHC plan timeliness", "SEND review 2025"):
        assert title in content
    assert content.count("<h1") == 1
    # Wagtail's own screen-reader-only class (the admin does not load our public CSS), inside the link.
    assert 'Sign off<span class="w-sr-only"> recommendation' in content
    assert "visually-hidden" not in content


def test_scrutiny_signs_off_through_the_form(tracker_login, scrutiny_member, scenario):
    rec = scenario["completed"]
    client = tracker_login(scrutiny_member)
    url = reverse("tracker_admin:sign-off", args=[rec.pk])
    page = client.get(url).content.decode()
    assert "Timeliness now 64%." in page  # the latest update, to judge by
    response = client.post(url, {"decision": "achieved", "comment": ""})
    assert response.status_code == 302 and response["Location"] == reverse("tracker_admin:dashboard")
    rec.refresh_from_db()
    assert rec.sign_off == SignOffState.ACHIEVED
    assert "EHC plan timeliness" not in [r.title for r in staff_selectors.dashboard_for_scrutiny().awaiting_sign_off]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "sent_back", "comment": ""}, "Say why the recommendation is sent back."),
        ({"decision": "approved"}, "Choose achieved or send back."),
        ({}, "Choose achieved or send back."),
        ({"decision": "sent_back", "comment": "x" * 4001}, "must be 4,000 characters or fewer"),
    ],
)
def test_sign_off_bad_input(tracker_login, scrutiny_member, scenario, data, message):
    rec = scenario["completed"]
    response = tracker_login(scrutiny_member).post(reverse("tracker_admin:sign-off", args=[rec.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not SignOffDecision.objects.exists()


def test_sign_off_of_an_incomplete_recommendation_is_refused(tracker_login, scrutiny_member, scenario):
    rec = scenario["overdue"]
    response = tracker_login(scrutiny_member).post(
        reverse("tracker_admin:sign-off", args=[rec.pk]), {"decision": "achieved"}, follow=True
    )
    assert "Only a completed recommendation can be signed off" in response.content.decode()
    rec.refresh_from_db()
    assert rec.sign_off == SignOffState.NONE and not SignOffDecision.objects.exists()


def test_notes_are_for_scrutiny_only(tracker_login, client, scrutiny_member, officer, organiser, scenario):
    rec = scenario["overdue"]
    detail = reverse("tracker_admin:recommendation", args=[rec.pk])
    client_ = tracker_login(scrutiny_member)
    response = client_.post(reverse("tracker_admin:note-add", args=[rec.pk]), {"text": "<b>Chase</b> the clinic"})
    assert response.status_code == 302
    page = client_.get(detail).content.decode()
    assert "&lt;b&gt;Chase&lt;/b&gt; the clinic" in page and "Ask the director" in page
    assert (
        "There is a problem"
        in client_.post(reverse("tracker_admin:note-add", args=[rec.pk]), {"text": " "}).content.decode()
    )
    assert InternalNote.objects.count() == 2
    for user in (officer, organiser):
        client.logout()
        page = tracker_login(user).get(detail).content.decode()
        assert "Ask the director" not in page and "Chase" not in page


def _many(make_review, make_recommendation, officer, n: int):
    """n recommendations spread over every dashboard list and several reviews."""
    reviews = [make_review(adopted_on=TODAY - 200 * DAY) for _ in range(3)]
    states = [
        {"response": "awaiting", "target_date": None},
        {"target_date": TODAY - 5 * DAY},
        {"target_date": TODAY + 10 * DAY},
        {"target_date": TODAY - 40 * DAY, "status": ImplementationStatus.COMPLETED, "percent_complete": 100},
        {
            "target_date": TODAY - 40 * DAY,
            "status": ImplementationStatus.COMPLETED,
            "percent_complete": 100,
            "sign_off": SignOffState.SENT_BACK,
        },
    ]
    for i in range(n):
        make_recommendation(review=reviews[i % 3], officer=officer, **states[i % len(states)])


def test_dashboard_query_count_is_constant(tracker_login, scrutiny_member, officer, make_review, make_recommendation):
    client = tracker_login(scrutiny_member)
    url = reverse("tracker_admin:dashboard")
    _many(make_review, make_recommendation, officer, 5)
    client.get(url)  # warm up (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _many(make_review, make_recommendation, officer, 55)
    assert Recommendation.objects.count() == 60
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_my_recommendations_query_count_is_constant(tracker_login, officer, make_review, make_recommendation):
    client = tracker_login(officer)
    url = reverse("tracker_admin:my-recommendations")
    _many(make_review, make_recommendation, officer, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _many(make_review, make_recommendation, officer, 55)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- Slipped, target revised: a recommendation whose officer moved its date stays on the dashboard ------------


def _slip(rec, officer, days: int, reason: str = "No applicants for the psychologist posts."):
    services.update_add(
        recommendation=rec,
        user=officer,
        status="slipped",
        rag="red",
        percent_complete=20,
        narrative="Recruitment paused.",
        revised_target_date=TODAY + days * DAY,
        slip_reason=reason,
    )


def test_slipped_with_a_distant_new_date_is_listed_as_slipped(scenario, officer):
    """The case that vanished: due soon, then slipped to a date beyond the due-soon window."""
    rec = scenario["due_soon"]
    _slip(rec, officer, 120)
    d = staff_selectors.dashboard_for_scrutiny()
    assert "EP capacity" not in [r.title for r in d.due_soon + d.implementation_overdue]
    assert [(r.title, r.slip_reason, r.effective_target) for r in d.slipped] == [
        ("EP capacity", "No applicants for the psychologist posts.", TODAY + 120 * DAY)
    ]
    assert {r.title: r.slipped for r in d.reviews}["SEND review 2025"] == 1


def test_slipped_lists_also_those_near_or_past_their_new_date_and_leaves_when_back_on_track(scenario, officer):
    _slip(scenario["due_soon"], officer, 5)
    d = staff_selectors.dashboard_for_scrutiny()
    assert [r.title for r in d.slipped] == ["EP capacity"] and "EP capacity" in [r.title for r in d.due_soon]
    services.update_add(
        recommendation=scenario["due_soon"],
        user=officer,
        status="on_track",
        rag="amber",
        percent_complete=40,
        narrative="Two posts filled.",
    )
    assert staff_selectors.dashboard_for_scrutiny().slipped == []


def test_slipped_but_no_longer_open_is_not_listed(scenario, officer, make_recommendation):
    from recommendations.models import Recommendation

    _slip(scenario["later"], officer, 60)
    # A slipped status left on a recommendation the cabinet has since rejected: not open, so not scrutiny's work.
    Recommendation.objects.filter(pk=scenario["later"].pk).update(response="rejected", response_reasons="Withdrawn")
    assert staff_selectors.dashboard_for_scrutiny().slipped == []


def test_dashboard_page_has_a_slipped_section_and_count(tracker_login, scrutiny_member, scenario, officer):
    from bs4 import BeautifulSoup

    _slip(scenario["due_soon"], officer, 120)
    soup = BeautifulSoup(tracker_login(scrutiny_member).get(reverse("tracker_admin:dashboard")).content, "html.parser")
    link = soup.find("a", href="#slipped-section")
    assert link.get_text(strip=True) == "Slipped, target revised"
    assert link.find_parent("tr").find_all("td")[-1].get_text(" ", strip=True) == "1 recommendation"
    section = soup.find(id="slipped-section")
    assert " ".join(section.find("h2").get_text(" ", strip=True).split()) == "Slipped, target revised (1)"
    table = next(
        t for t in soup.find_all("table") if t.caption and t.caption.get_text(strip=True) == "Slipped, target revised"
    )
    assert section is not None
    text = table.get_text(" ", strip=True)
    assert "EP capacity" in text and "No applicants for the psychologist posts." in text
    assert f"{(TODAY + 120 * DAY):%-d %b %Y} (revised from {(TODAY + 20 * DAY):%-d %b %Y})" in " ".join(text.split())


def test_sign_off_form_quotes_the_recommendation(tracker_login, scrutiny_member, scenario):
    from bs4 import BeautifulSoup

    rec = scenario["completed"]
    rec.text = "Publish EHC plan timeliness every month, <with> the reasons for any delay."
    rec.save()
    soup = BeautifulSoup(
        tracker_login(scrutiny_member).get(reverse("tracker_admin:sign-off", args=[rec.pk])).content, "html.parser"
    )
    quote = soup.find("blockquote").get_text(" ", strip=True)
    assert quote.startswith(f"{rec.reference}. EHC plan timeliness")
    assert "Publish EHC plan timeliness every month, <with> the reasons for any delay." in quote
    # ... above the form that decides on it
    assert soup.find("blockquote").find_next("form") is not None
