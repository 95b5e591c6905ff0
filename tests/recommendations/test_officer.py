"""An officer's work in the admin: their list, the response form, updates, actions; organisers' recommendation
screens. Bad input gets a clear message beside the field and changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from recommendations import services
from recommendations.models import Action, ImplementationUpdate, Recommendation, ResponseDecision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def update_data(**overrides):
    data = {
        "date": TODAY.isoformat(),
        "status": "on_track",
        "rag": "green",
        "percent_complete": "30",
        "narrative": "Two educational psychologists recruited.",
        "evidence_links": "https://example.org/cabinet-paper\nhttps://example.org/minutes",
        "revised_target_date": "",
        "slip_reason": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_my_recommendations_lists_only_mine(tracker_login, officer, assigned_recommendation, make_recommendation):
    make_recommendation(officer=UserFactory(role="Council officers"), title="Someone else's recommendation")
    content = tracker_login(officer).get(reverse("tracker_admin:my-recommendations")).content.decode()
    assert assigned_recommendation.title in content
    assert "Someone else&#x27;s recommendation" not in content and "Someone else's" not in content


def test_officer_adds_an_update(tracker_login, officer, assigned_recommendation):
    client = tracker_login(officer)
    url = reverse("tracker_admin:update-add", args=[assigned_recommendation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, update_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker_admin:recommendation", args=[assigned_recommendation.pk])
    update = ImplementationUpdate.objects.get()
    assert update.author == officer and update.percent_complete == 30
    assert update.evidence_links == ["https://example.org/cabinet-paper", "https://example.org/minutes"]
    assigned_recommendation.refresh_from_db()
    assert assigned_recommendation.status == "on_track"
    page = client.get(response["Location"]).content.decode()
    assert "Two educational psychologists recruited." in page and "Update added." in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"narrative": ""}, "Enter “what has happened”."),
        ({"narrative": "x" * 10001}, "must be 10,000 characters or fewer"),
        ({"percent_complete": "150"}, "The percentage complete must be from 0 to 100."),
        ({"percent_complete": "lots"}, "whole number from 0 to 100"),
        ({"percent_complete": ""}, "Enter the percentage complete, from 0 to 100."),
        ({"status": "slipped", "rag": "red"}, "A slipped recommendation needs a revised target date."),
        (
            {"status": "slipped", "rag": "red", "revised_target_date": "2027-01-10"},
            "Say why the recommendation has slipped.",
        ),
        ({"status": "hacked"}, "Choose one of the statuses offered."),
        ({"rag": None}, "Choose red, amber or green."),
        ({"date": "2026-02-31"}, "Enter a real date"),
        ({"date": (TODAY + datetime.timedelta(days=3)).isoformat()}, "cannot be in the future"),
        ({"evidence_links": "javascript:alert(1)"}, "is not a web address"),
        ({"status": "completed", "percent_complete": "80"}, "A completed recommendation is 100% complete."),
    ],
)
def test_update_bad_input(tracker_login, officer, assigned_recommendation, overrides, message):
    client = tracker_login(officer)
    response = client.post(
        reverse("tracker_admin:update-add", args=[assigned_recommendation.pk]), update_data(**overrides)
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    assert not ImplementationUpdate.objects.exists()
    assigned_recommendation.refresh_from_db()
    assert assigned_recommendation.status == "not_started"


def test_script_in_an_update_is_shown_as_text(tracker_login, officer, assigned_recommendation):
    client = tracker_login(officer)
    client.post(
        reverse("tracker_admin:update-add", args=[assigned_recommendation.pk]),
        update_data(narrative='<script>alert("x")</script> done'),
    )
    page = client.get(reverse("tracker_admin:recommendation", args=[assigned_recommendation.pk])).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; done" in page


def test_update_on_a_rejected_recommendation_is_refused_with_a_message(tracker_login, officer, make_recommendation):
    rec = make_recommendation(officer=officer, response=ResponseDecision.REJECTED, response_reasons="Too costly")
    client = tracker_login(officer)
    response = client.post(reverse("tracker_admin:update-add", args=[rec.pk]), update_data(), follow=True)
    assert "Progress is recorded only for recommendations the cabinet agreed" in response.content.decode()
    assert not ImplementationUpdate.objects.exists()


def response_data(rec, **overrides):
    data = {
        "response": "partially_agreed",
        "response_reasons": "There is now a full complement of educational psychologists.",
        "response_decided_on": (rec.review.adopted_on + datetime.timedelta(days=30)).isoformat(),
        "cabinet_member": "Cabinet Member for Children and Families",
        "lead_officer_name": "Director of Children's Services",
        "target_date": "2027-03-31",
    }
    data.update(overrides)
    return data


def test_officer_records_a_response_and_the_history_shows_it(tracker_login, officer, assigned_recommendation):
    client = tracker_login(officer)
    url = reverse("tracker_admin:response-record", args=[assigned_recommendation.pk])
    form_page = client.get(url).content.decode()
    assert 'value="agreed"' in form_page and "checked" in form_page
    response = client.post(url, response_data(assigned_recommendation))
    assert response.status_code == 302
    assigned_recommendation.refresh_from_db()
    assert assigned_recommendation.response == "partially_agreed"
    assert assigned_recommendation.target_date == datetime.date(2027, 3, 31)
    detail = client.get(reverse("tracker_admin:recommendation", args=[assigned_recommendation.pk])).content.decode()
    assert "History of the response" in detail
    assert "Partially agreed" in detail and "Agreed" in detail
    assert ModelLogEntry.objects.for_instance(assigned_recommendation).count() == 1


def test_wagtail_history_view_shows_response_changes(tracker_login, organiser, assigned_recommendation):
    services.response_record(
        recommendation=assigned_recommendation,
        user=organiser,
        decision="rejected",
        reasons="Too costly",
        decided_on=assigned_recommendation.review.adopted_on,
    )
    history = tracker_login(organiser).get(
        reverse("tracker_recommendations:history", args=[assigned_recommendation.pk])
    )
    content = history.content.decode()
    assert history.status_code == 200
    assert "Response changed: response, response reasons, response decided on" in content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"response_reasons": ""}, "Give the cabinet&#x27;s reasons"),
        ({"response": "maybe"}, "Choose one of the responses offered."),
        ({"response_decided_on": "2026-13-01"}, "Enter a real date"),
        ({"response_decided_on": ""}, "Enter the date of the cabinet&#x27;s decision."),
        ({"target_date": "2026-03-01"}, "The target date cannot be before the decision date."),
        ({"cabinet_member": "x" * 201}, "must be 200 characters or fewer"),
    ],
)
def test_response_bad_input(tracker_login, officer, assigned_recommendation, overrides, message):
    client = tracker_login(officer)
    response = client.post(
        reverse("tracker_admin:response-record", args=[assigned_recommendation.pk]),
        response_data(assigned_recommendation, **overrides),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assigned_recommendation.refresh_from_db()
    assert assigned_recommendation.response == "agreed"
    assert not ModelLogEntry.objects.for_instance(assigned_recommendation).exists()


def test_actions_roll_up_through_the_views(tracker_login, officer, assigned_recommendation):
    client = tracker_login(officer)
    add = reverse("tracker_admin:action-add", args=[assigned_recommendation.pk])
    assert client.post(add, {"title": "", "owner": ""}).status_code == 200  # missing title
    assert not Action.objects.exists()
    client.post(add, {"title": "Recruit EPs", "owner": "Principal EP", "target_date": "2026-12-01"})
    client.post(add, {"title": "Publish waits", "owner": ""})
    first, second = Action.objects.order_by("position")
    progress = reverse("tracker_admin:action-progress", args=[assigned_recommendation.pk, first.pk])
    assert "must be from 0 to 100" in client.post(progress, {"percent_complete": "101"}).content.decode()
    client.post(progress, {"percent_complete": "80"})
    assigned_recommendation.refresh_from_db()
    assert assigned_recommendation.percent_complete == 40
    # The update form leaves out the percentage: it is the actions' roll-up.
    form_page = client.get(reverse("tracker_admin:update-add", args=[assigned_recommendation.pk])).content.decode()
    assert 'name="percent_complete"' not in form_page
    client.post(
        reverse("tracker_admin:update-add", args=[assigned_recommendation.pk]), update_data(percent_complete=None)
    )
    assert ImplementationUpdate.objects.get().percent_complete == 40


def test_organiser_creates_a_recommendation_with_an_officer(tracker_login, organiser, officer, parent, review):
    client = tracker_login(organiser)
    url = reverse("tracker_recommendations:add")
    data = {
        "review": review.pk,
        "reference": "SR 25/26-09",
        "position": "9",
        "title": "Reduce exclusions at SEN support",
        "text": "Work with schools to reduce exclusions of children at SEN support.",
        "addressed_to": "Cabinet",
        "officer": parent.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200  # a parent is not an officer: refused choice
    assert not Recommendation.objects.exists()
    data["officer"] = officer.pk
    response = client.post(url, data)
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.officer == officer and rec.response == ResponseDecision.AWAITING
    assert services.LOG_RESPONSE not in ModelLogEntry.objects.for_instance(rec).values_list("action", flat=True)


def test_organisers_list_links_to_the_staff_page_and_costs_fixed_queries(
    tracker_login, organiser, officer, make_recommendation
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = tracker_login(organiser)
    url = reverse("tracker_recommendations:index")
    recs = [make_recommendation(officer=officer) for _ in range(3)]
    content = client.get(url).content.decode()
    assert reverse("tracker_admin:recommendation", args=[recs[0].pk]) in content
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        make_recommendation(officer=UserFactory(role="Council officers"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- The update form starts from where the recommendation is; slipped fields say when they are needed ---------


@pytest.fixture
def at_risk(officer, assigned_recommendation):
    services.update_add(
        recommendation=assigned_recommendation,
        user=officer,
        status="at_risk",
        rag="amber",
        percent_complete=45,
        narrative="Schools consulted.",
        date=TODAY - datetime.timedelta(days=7),
    )
    assigned_recommendation.refresh_from_db()
    return assigned_recommendation


def _checked(soup, name):
    return [i["value"] for i in soup.find_all("input", attrs={"name": name}) if i.has_attr("checked")]


def test_update_form_starts_from_the_current_status_rag_and_percentage(tracker_login, officer, at_risk):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        tracker_login(officer).get(reverse("tracker_admin:update-add", args=[at_risk.pk])).content, "html.parser"
    )
    assert _checked(soup, "status") == ["at_risk"]
    assert _checked(soup, "rag") == ["amber"]
    assert soup.find("input", attrs={"name": "percent_complete"})["value"] == "45"
    assert soup.find("input", attrs={"name": "date"})["value"] == TODAY.isoformat()
    assert (
        soup.find("textarea", attrs={"name": "narrative"}).get_text(strip=True) == ""
    )  # a new update says what is new


def test_update_form_of_a_recommendation_not_started_starts_from_not_started(
    tracker_login, officer, assigned_recommendation
):
    from bs4 import BeautifulSoup

    url = reverse("tracker_admin:update-add", args=[assigned_recommendation.pk])
    soup = BeautifulSoup(tracker_login(officer).get(url).content, "html.parser")
    assert _checked(soup, "status") == ["not_started"]
    assert _checked(soup, "rag") == []  # never rated: the officer chooses
    assert soup.find("input", attrs={"name": "percent_complete"})["value"] == "0"


def test_slipped_fields_are_labelled_as_needed_when_slipped_never_optional(tracker_login, officer, at_risk):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        tracker_login(officer).get(reverse("tracker_admin:update-add", args=[at_risk.pk])).content, "html.parser"
    )
    for name, label in [
        ("revised_target_date", "Revised target date, if slipped"),
        ("slip_reason", "Reason for the slip, if slipped"),
    ]:
        field = soup.find(attrs={"name": name})
        label_tag = soup.find("label", attrs={"for": field["id"]})
        assert label_tag.get_text(" ", strip=True) == label
        assert "optional" not in label_tag.get_text().lower()
        hints = " ".join(soup.find(id=i).get_text() for i in field["aria-describedby"].split())
        assert "Needed if the status is Slipped" in hints


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {},
            {
                "revised_target_date": "A slipped recommendation needs a revised target date.",
                "slip_reason": "Say why the recommendation has slipped.",
            },
        ),
        ({"revised_target_date": "2031-02-30"}, {"revised_target_date": "Enter a real date for “revised target date”"}),
        (
            {"revised_target_date": TODAY.isoformat(), "slip_reason": "Clinic closed"},
            {"revised_target_date": "The revised target date must be after the update's date."},
        ),
        ({"slip_reason": "   "}, {"revised_target_date": "needs a revised target date", "slip_reason": "Say why"}),
        (
            {"slip_reason": "x" * 2001, "revised_target_date": "2031-01-31"},
            {"slip_reason": "“Reason for the slip” must be 2,000 characters or fewer"},
        ),
    ],
)
def test_slipped_without_its_date_or_reason_says_so_beside_each_field_and_saves_nothing(
    tracker_login, officer, at_risk, overrides, errors
):
    from bs4 import BeautifulSoup

    response = tracker_login(officer).post(
        reverse("tracker_admin:update-add", args=[at_risk.pk]),
        update_data(status="slipped", rag="red", percent_complete="50", **overrides),
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    summary_links = {
        a["href"]: a.get_text(" ", strip=True) for a in soup.find_all("a", href=True) if a["href"].startswith("#id_")
    }
    for name, message in errors.items():
        assert message in summary_links.get(f"#id_{name}", ""), (name, summary_links)
        field = soup.find(attrs={"name": name})
        wrapper = field.find_parent(attrs={"data-field-wrapper": True})  # Wagtail's field: label, error, hint, input
        assert message in wrapper.find(attrs={"data-field-errors": True}).get_text(" "), name  # beside the field
    assert set(summary_links) == {f"#id_{name}" for name in errors}  # no error about anything else
    assert ImplementationUpdate.objects.count() == 1  # only the at-risk update from before
    at_risk.refresh_from_db()
    assert (at_risk.status, at_risk.percent_complete, at_risk.revised_target_date) == ("at_risk", 45, None)


def test_slipped_with_its_date_and_reason_is_saved(tracker_login, officer, at_risk):
    response = tracker_login(officer).post(
        reverse("tracker_admin:update-add", args=[at_risk.pk]),
        update_data(
            status="slipped",
            rag="red",
            percent_complete="50",
            revised_target_date="2031-01-31",
            slip_reason="The clinic moved.",
        ),
    )
    assert response.status_code == 302
    at_risk.refresh_from_db()
    assert (at_risk.status, at_risk.revised_target_date) == ("slipped", datetime.date(2031, 1, 31))


@pytest.mark.parametrize("pk", ["someone else's", 999999, 10**20])
def test_update_to_a_tampered_recommendation_id_is_refused_and_saves_nothing(
    tracker_login, officer, assigned_recommendation, make_recommendation, pk
):
    from tests.recommendations.test_permissions import assert_refused

    client = tracker_login(officer)
    if pk == "someone else's":
        url = reverse(
            "tracker_admin:update-add", args=[make_recommendation(officer=UserFactory(role="Council officers")).pk]
        )
        assert_refused(client.get(url), "officer")
        assert_refused(client.post(url, update_data()), "officer")
    else:
        url = reverse("tracker_admin:update-add", args=[pk])
        assert client.get(url).status_code == 404
        assert client.post(url, update_data()).status_code == 404
    assert not ImplementationUpdate.objects.exists()
    assert set(Recommendation.objects.values_list("status", flat=True)) == {"not_started"}


def test_staff_forms_quote_the_recommendation_they_are_about(tracker_login, officer, assigned_recommendation):
    from bs4 import BeautifulSoup

    assigned_recommendation.text = "The council should publish EHC plan timeliness <every> month."
    assigned_recommendation.save()
    client = tracker_login(officer)
    for name in ("update-add", "response-record", "action-add"):
        soup = BeautifulSoup(
            client.get(reverse(f"tracker_admin:{name}", args=[assigned_recommendation.pk])).content, "html.parser"
        )
        quote = soup.find("blockquote")
        assert quote is not None, name
        text = quote.get_text(" ", strip=True)
        assert text.startswith(f"{assigned_recommendation.reference}. {assigned_recommendation.title}"), name
        assert "publish EHC plan timeliness <every> month." in text, name  # escaped, shown as text
