"""Results, text answers, quotes, exports and paper responses in the admin (organisers and admins only)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations import selectors
from consultations.models import Answer, Response, ResponseStatus
from tests.consultations.conftest import questions_by_key
from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db


def bulk_responses(page, n: int, *, who="Parent", option="A", services=("Speech therapy",), other="", story="", quote=False):
    """n submitted responses with answers, created in bulk (fast, for counting tests)."""
    q = questions_by_key(page)
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(
                consultation=page,
                status=ResponseStatus.SUBMITTED,
                reference=f"T-{uuid.uuid4().hex[:12]}",
                idempotency_key=uuid.uuid4(),
                submitted_at=now - timedelta(days=i % 3),
                submitted_on=timezone.localdate(now - timedelta(days=i % 3)),
                consent_quote=quote,
                contact_email="someone@example.org",
            )
            for i in range(n)
        ]
    )
    if connection.vendor == "sqlite" or responses[0].pk is None:
        responses = list(Response.objects.filter(consultation=page).order_by("-id")[:n])
    answers = []
    for r in responses:
        answers.append(Answer(response=r, consultation=page, counted=r.status == "submitted", question_id=q["who"].id, value_choice=who))
        answers.append(Answer(response=r, consultation=page, counted=r.status == "submitted", question_id=q["option"].id, value_choice=option))
        for s in services:
            answers.append(Answer(response=r, consultation=page, counted=r.status == "submitted", question_id=q["services"].id, value_choice=s, value_text=other if s == "Other" else ""))
        if story:
            answers.append(Answer(response=r, consultation=page, counted=r.status == "submitted", question_id=q["story"].id, value_text=story))
    Answer.objects.bulk_create(answers)
    return responses


@pytest.fixture
def organiser_client(client, organiser, totp):
    mfa_login(client, organiser)
    return client


def results_url(page, **params):
    url = reverse("consultation_results:results", args=[page.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_counts_and_percentages(consultation):
    bulk_responses(consultation, 6, who="Parent", option="A")
    bulk_responses(consultation, 2, who="Carer", option="C", services=("Short breaks", "Other"), other="Sleep clinic")
    withdrawn = bulk_responses(consultation, 3, option="B")
    # As services.response_withdraw leaves them: status withdrawn, answers no longer counted.
    Response.objects.filter(pk__in=[r.pk for r in withdrawn]).update(status=ResponseStatus.WITHDRAWN)
    Answer.objects.filter(response__in=withdrawn).update(counted=False)

    results = selectors.results_for_consultation(consultation=consultation)
    assert results.total == 8
    by_text = {r.question.text: r for r in results.questions}
    option = by_text["Which option do you prefer?"]
    assert [(row.label, row.count, row.percent) for row in option.rows] == [("A", 6, 75.0), ("B", 0, 0.0), ("C", 2, 25.0)]
    services = by_text["Which services have you used?"]
    assert {row.label: row.count for row in services.rows} == {"Speech therapy": 6, "Short breaks": 2, "Portage": 0, "Other": 2}
    assert services.answered == 8


def test_filter_and_crosstab(consultation):
    bulk_responses(consultation, 6, who="Parent", option="A")
    bulk_responses(consultation, 2, who="Carer", option="C")
    q = questions_by_key(consultation)
    results = selectors.results_for_consultation(
        consultation=consultation, filter_question_id=q["who"].id, filter_value="Carer"
    )
    assert results.total == 2
    option = next(r for r in results.questions if r.question.id == q["option"].id)
    assert {row.label: row.count for row in option.rows} == {"A": 0, "B": 0, "C": 2}

    results = selectors.results_for_consultation(consultation=consultation, compare_question_id=q["who"].id)
    option = next(r for r in results.questions if r.question.id == q["option"].id)
    assert option.crosstab == {"Parent": {"A": 6}, "Carer": {"C": 2}}


def test_tampered_filter_is_ignored(consultation):
    bulk_responses(consultation, 3)
    q = questions_by_key(consultation)
    results = selectors.results_for_consultation(
        consultation=consultation, filter_question_id=q["who"].id, filter_value="<script>"
    )
    assert results.total == 3 and results.filter_question is None
    results = selectors.results_for_consultation(consultation=consultation, compare_question_id=q["option"].id)
    assert results.compare_question is None  # only "about you" questions can be compared by


def test_results_query_count_does_not_depend_on_responses(consultation):
    q = questions_by_key(consultation)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            selectors.results_for_consultation(consultation=consultation, compare_question_id=q["who"].id)
        return len(ctx.captured_queries)

    bulk_responses(consultation, 10)
    small = count_queries()
    bulk_responses(consultation, 990)
    assert selectors.results_for_consultation(consultation=consultation).total == 1000
    assert count_queries() == small


def test_small_numbers_suppressed_when_published(organiser_client, consultation):
    bulk_responses(consultation, 7, option="A")
    bulk_responses(consultation, 3, option="C")
    html = organiser_client.get(results_url(consultation, published=1)).content.decode()
    assert "fewer than 5" in html
    html = organiser_client.get(results_url(consultation)).content.decode()
    assert "<td>3</td>" in html
    assert selectors.suppress(3) == "fewer than 5" and selectors.suppress(5) == "5" and selectors.suppress(0) == "0"


def test_results_page_has_chart_and_table(organiser_client, consultation):
    bulk_responses(consultation, 6)
    html = organiser_client.get(results_url(consultation)).content.decode()
    assert '<svg class="chart" role="img"' in html
    assert "<table" in html and "<th scope=\"row\">A</th>" in html
    assert 'aria-label="Bar chart of responses per day' in html


VIEWS = [
    ("consultation_results:index", lambda p: []),
    ("consultation_results:results", lambda p: [p.pk]),
    ("consultation_results:text-answers", lambda p: [p.pk, questions_by_key(p)["story"].id]),
    ("consultation_results:export", lambda p: [p.pk, "csv"]),
    ("consultation_results:export", lambda p: [p.pk, "xlsx"]),
    ("consultation_results:paper-response", lambda p: [p.pk]),
]


@pytest.mark.parametrize(("name", "args"), VIEWS)
@pytest.mark.parametrize("role", ["parent", "scrutiny_member", "officer"])
def test_other_roles_are_refused(request, client, consultation, totp, name, args, role):
    user = request.getfixturevalue(role)
    mfa_login(client, user)
    bulk_responses(consultation, 2, story="My son's school is Hill Top, call 07700 900123")
    response = client.get(reverse(name, args=args(consultation)))
    assert response.status_code in (302, 403)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Hill Top" not in body and b"T-" not in body


@pytest.mark.parametrize(("name", "args"), VIEWS)
def test_visitors_are_refused(client, consultation, name, args):
    response = client.get(reverse(name, args=args(consultation)))
    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize(("name", "args"), VIEWS)
@pytest.mark.parametrize("role", ["organiser", "site_admin"])
def test_organisers_and_admins_allowed(request, client, consultation, totp, name, args, role):
    user = request.getfixturevalue(role)
    mfa_login(client, user)
    bulk_responses(consultation, 2, story="A story")
    assert client.get(reverse(name, args=args(consultation))).status_code == 200


def test_unknown_export_format_and_question(organiser_client, consultation):
    assert organiser_client.get(reverse("consultation_results:export", args=[consultation.pk, "pdf"])).status_code == 404
    url = reverse("consultation_results:text-answers", args=[consultation.pk, "not-a-question"])
    assert organiser_client.get(url).status_code == 404
    assert organiser_client.get(reverse("consultation_results:results", args=[999999])).status_code == 404


def _csv(client, page, anonymised=False):
    url = reverse("consultation_results:export", args=[page.pk, "csv"]) + ("?anonymised=1" if anonymised else "")
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_columns_other_text_and_formulas(organiser_client, consultation):
    bulk_responses(consultation, 1, services=("Speech therapy", "Other"), other="=HYPERLINK(\"http://x\")", story="@SUM(1)")
    rows = _csv(organiser_client, consultation)
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    other = header.index("Q4 Which services have you used?: Other")
    assert header[other + 1] == "Q4 Which services have you used?: Other, please say"
    assert row[other] == "Yes"
    assert row[other + 1] == "'=HYPERLINK(\"http://x\")"
    assert row[header.index("Q4 Which services have you used?: Speech therapy")] == "Yes"
    assert row[header.index("Q4 Which services have you used?: Portage")] == ""
    assert row[header.index("Q2 Tell us about your experience")] == "'@SUM(1)"
    assert "Contact email" in header and "someone@example.org" in row


def test_anonymised_export_has_no_account_or_contact_data(organiser_client, consultation, parent):
    responses = bulk_responses(consultation, 2)
    Response.objects.filter(pk=responses[0].pk).update(user=parent)
    rows = _csv(organiser_client, consultation, anonymised=True)
    flat = " ".join(" ".join(r) for r in rows)
    assert "Account email" not in rows[0] and "Contact email" not in rows[0]
    assert parent.email not in flat and "someone@example.org" not in flat
    assert len(rows) == 3


def test_xlsx_export(organiser_client, consultation):
    bulk_responses(consultation, 3, services=("Other",), other="-1+1")
    response = organiser_client.get(reverse("consultation_results:export", args=[consultation.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 4
    assert "'-1+1" in rows[1]


def test_export_streams_in_chunks(consultation, django_assert_max_num_queries):
    from consultations.exports import response_rows

    bulk_responses(consultation, 30)
    with django_assert_max_num_queries(4):
        assert len(list(response_rows(consultation=consultation))) == 31


def test_quote_selection_needs_consent(organiser_client, consultation):
    consenting = bulk_responses(consultation, 1, story="Quote me", quote=True)[0]
    refusing = bulk_responses(consultation, 1, story="Do not quote me", quote=False)[0]
    url = reverse("consultation_results:text-answers", args=[consultation.pk, questions_by_key(consultation)["story"].id])
    html = organiser_client.get(url).content.decode()
    assert "Quote me" in html and "Do not quote me" in html
    ok = Answer.objects.get(response=consenting, value_text="Quote me")
    organiser_client.post(url, {"answer": ok.pk, "selected": "1"})
    ok.refresh_from_db()
    assert ok.quote_selected
    no = Answer.objects.get(response=refusing, value_text="Do not quote me")
    organiser_client.post(url, {"answer": no.pk, "selected": "1"})
    no.refresh_from_db()
    assert not no.quote_selected
    # A tampered id from another consultation is not found.
    assert organiser_client.post(url, {"answer": 987654, "selected": "1"}).status_code == 404


def test_paper_response_recorded_as_such(organiser_client, organiser, closed_consultation, post_data):
    url = reverse("consultation_results:paper-response", args=[closed_consultation.pk])
    data = post_data(closed_consultation, channel="paper", contact_email="gran@example.org", consent_contact="on")
    response = organiser_client.post(url, data)
    assert response.status_code == 302
    saved = Response.objects.get(consultation=closed_consultation)
    assert saved.channel == "paper" and saved.entered_by == organiser and saved.user is None
    assert saved.reference and saved.answers.count() >= 8
    bad = post_data(closed_consultation, channel="carrier pigeon")
    assert organiser_client.post(url, bad).status_code == 200
    assert Response.objects.filter(consultation=closed_consultation).count() == 1


def _story_url(page):
    return reverse("consultation_results:text-answers", args=[page.pk, questions_by_key(page)["story"].id])


def test_theme_coding_and_counts(organiser_client, consultation):
    from consultations.models import Theme

    bulk_responses(consultation, 3, story="We waited 18 months for an assessment")
    answers = list(Answer.objects.filter(consultation=consultation, question_id=questions_by_key(consultation)["story"].id))
    url = _story_url(consultation)
    organiser_client.post(url, {"answer": answers[0].pk, "action": "themes", "new_theme": "  Waiting   times "})
    theme = Theme.objects.get(consultation=consultation)
    assert theme.name == "Waiting times"
    organiser_client.post(url, {"answer": answers[1].pk, "action": "themes", "themes": [theme.pk]})
    assert theme.answers.count() == 2
    results = selectors.results_for_consultation(consultation=consultation)
    story = next(r for r in results.questions if r.question.id == answers[0].question_id)
    assert story.themes == [("Waiting times", 2)]
    html = organiser_client.get(results_url(consultation)).content.decode()
    assert "Waiting times" in html
    who = questions_by_key(consultation)["who"].id
    filtered = selectors.results_for_consultation(consultation=consultation, filter_question_id=who, filter_value="Parent")
    assert next(r for r in filtered.questions if r.question.id == story.question.id).themes == [("Waiting times", 2)]
    filtered = selectors.results_for_consultation(consultation=consultation, filter_question_id=who, filter_value="Carer")
    assert next(r for r in filtered.questions if r.question.id == story.question.id).themes == []
    # Uncode one: counts follow.
    organiser_client.post(url, {"answer": answers[1].pk, "action": "themes"})
    assert theme.answers.count() == 1


def test_theme_bad_input_changes_nothing(organiser_client, consultation, make_consultation):
    from consultations.models import Theme

    other = make_consultation()
    foreign = Theme.objects.create(consultation=other, name="Elsewhere")
    bulk_responses(consultation, 1, story="Story")
    answer = Answer.objects.get(consultation=consultation, value_text="Story")
    url = _story_url(consultation)
    follow = organiser_client.post(url, {"answer": answer.pk, "action": "themes", "themes": [foreign.pk]}, follow=True)
    assert "does not belong" in follow.content.decode()
    follow = organiser_client.post(url, {"answer": answer.pk, "action": "themes", "new_theme": "<script>x</script>"}, follow=True)
    assert "without &lt; or &gt;" in follow.content.decode()
    assert "<script>x</script>" not in follow.content.decode()
    follow = organiser_client.post(url, {"answer": answer.pk, "action": "themes", "new_theme": "x" * 61}, follow=True)
    assert "60 characters or fewer" in follow.content.decode()
    assert organiser_client.post(url, {"answer": "abc", "action": "themes"}).status_code == 404
    assert organiser_client.post(url, {"answer": answer.pk, "action": "themes", "themes": ["x"]}).status_code == 404
    assert not answer.themes.exists()
    assert not Theme.objects.filter(consultation=consultation).exists()


@pytest.mark.parametrize("role", ["parent", "scrutiny_member", "officer"])
def test_other_roles_cannot_code_themes(request, client, consultation, totp, role):
    user = request.getfixturevalue(role)
    mfa_login(client, user)
    bulk_responses(consultation, 1, story="Story")
    answer = Answer.objects.get(consultation=consultation, value_text="Story")
    response = client.post(_story_url(consultation), {"answer": answer.pk, "action": "themes", "new_theme": "Hacked"})
    assert response.status_code in (302, 403)
    assert not answer.themes.exists()


def test_secondary_suppression():
    from consultations.selectors import ChoiceRow, suppress_rows

    rows = suppress_rows([ChoiceRow("Yes", 10, 0), ChoiceRow("No", 2, 0), ChoiceRow("Not sure", 7, 0), ChoiceRow("N/A", 0, 0)])
    assert [r.hidden for r in rows] == [False, True, True, False]  # "Not sure" hidden too, so "No" can't be derived
    assert [r.published_count for r in rows] == ["10", "fewer than 5", "hidden", "0"]
    rows = suppress_rows([ChoiceRow("A", 3, 0), ChoiceRow("B", 4, 0), ChoiceRow("C", 9, 0)])
    assert [r.hidden for r in rows] == [True, True, False]
    rows = suppress_rows([ChoiceRow("A", 30, 0), ChoiceRow("B", 40, 0)])
    assert not any(r.hidden for r in rows)
