"""Results, text answers, quotes, exports and paper responses in the admin (organisers and admins only)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import load_workbook

from consultations import selectors
from consultations.models import Answer, ConsultationPage, Response, ResponseStatus
from tests.conftest import mfa_login
from tests.consultations.conftest import questions_by_key

pytestmark = pytest.mark.django_db


def bulk_responses(
    page, n: int, *, who="Parent", option="A", services=("Speech therapy",), other="", story="", quote=False
):
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
        answers.append(
            Answer(
                response=r,
                consultation=page,
                counted=r.status == "submitted",
                question_id=q["who"].id,
                value_choice=who,
            )
        )
        answers.append(
            Answer(
                response=r,
                consultation=page,
                counted=r.status == "submitted",
                question_id=q["option"].id,
                value_choice=option,
            )
        )
        for s in services:
            answers.append(
                Answer(
                    response=r,
                    consultation=page,
                    counted=r.status == "submitted",
                    question_id=q["services"].id,
                    value_choice=s,
                    value_text=other if s == "Other" else "",
                )
            )
        if story:
            answers.append(
                Answer(
                    response=r,
                    consultation=page,
                    counted=r.status == "submitted",
                    question_id=q["story"].id,
                    value_text=story,
                )
            )
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
    assert [(row.label, row.count, row.percent) for row in option.rows] == [
        ("A", 6, 75.0),
        ("B", 0, 0.0),
        ("C", 2, 25.0),
    ]
    services = by_text["Which services have you used?"]
    assert {row.label: row.count for row in services.rows} == {
        "Speech therapy": 6,
        "Short breaks": 2,
        "Portage": 0,
        "Other": 2,
    }
    assert services.answered == 8


def test_filter_and_crosstab(consultation):
    bulk_responses(consultation, 6, who="Parent", option="A")
    bulk_responses(consultation, 2, who="Carer", option="C")
    q = questions_by_key(consultation)
    carers = selectors.results_filter_from_param(consultation=consultation, param=f"{q['who'].id}:Carer")
    results = selectors.results_for_consultation(consultation=consultation, results_filter=carers)
    assert results.total == 2
    option = next(r for r in results.questions if r.question.id == q["option"].id)
    assert {row.label: row.count for row in option.rows} == {"A": 0, "B": 0, "C": 2}

    results = selectors.results_for_consultation(consultation=consultation, compare_question_id=q["who"].id)
    option = next(r for r in results.questions if r.question.id == q["option"].id)
    assert option.crosstab == {"Parent": {"A": 6}, "Carer": {"C": 2}}


def test_tampered_filter_is_ignored(consultation):
    bulk_responses(consultation, 3)
    q = questions_by_key(consultation)
    for param in [f"{q['who'].id}:<script>", "not-a-question:Parent", f"{q['story'].id}:", ":", "", "x" * 5000]:
        assert selectors.results_filter_from_param(consultation=consultation, param=param) is None
    results = selectors.results_for_consultation(
        consultation=consultation,
        results_filter=selectors.results_filter_from_param(consultation=consultation, param=f"{q['who'].id}:<script>"),
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
    assert '<svg class="app-chart" role="img"' in html
    assert "<table" in html and '<th scope="row">A</th>' in html
    assert 'aria-label="Bar chart of responses per week' in html


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
    assert (
        organiser_client.get(reverse("consultation_results:export", args=[consultation.pk, "pdf"])).status_code == 404
    )
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
    bulk_responses(
        consultation, 1, services=("Speech therapy", "Other"), other='=HYPERLINK("http://x")', story="@SUM(1)"
    )
    rows = _csv(organiser_client, consultation)
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    other = header.index("Q4 Which services have you used?: Other")
    assert header[other + 1] == "Q4 Which services have you used?: Other, please say"
    assert row[other] == "Yes"
    assert row[other + 1] == '\'=HYPERLINK("http://x")'
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
    url = reverse(
        "consultation_results:text-answers", args=[consultation.pk, questions_by_key(consultation)["story"].id]
    )
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
    answers = list(
        Answer.objects.filter(consultation=consultation, question_id=questions_by_key(consultation)["story"].id)
    )
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
    parents = selectors.results_filter_from_param(consultation=consultation, param=f"{who}:Parent")
    filtered = selectors.results_for_consultation(consultation=consultation, results_filter=parents)
    assert next(r for r in filtered.questions if r.question.id == story.question.id).themes == [("Waiting times", 2)]
    carers = selectors.results_filter_from_param(consultation=consultation, param=f"{who}:Carer")
    filtered = selectors.results_for_consultation(consultation=consultation, results_filter=carers)
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
    follow = organiser_client.post(
        url, {"answer": answer.pk, "action": "themes", "new_theme": "<script>x</script>"}, follow=True
    )
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

    rows = suppress_rows(
        [ChoiceRow("Yes", 10, 0), ChoiceRow("No", 2, 0), ChoiceRow("Not sure", 7, 0), ChoiceRow("N/A", 0, 0)]
    )
    assert [r.hidden for r in rows] == [False, True, True, False]  # "Not sure" hidden too, so "No" can't be derived
    assert [r.published_count for r in rows] == ["10", "fewer than 5", "hidden", "0"]
    rows = suppress_rows([ChoiceRow("A", 3, 0), ChoiceRow("B", 4, 0), ChoiceRow("C", 9, 0)])
    assert [r.hidden for r in rows] == [True, True, False]
    rows = suppress_rows([ChoiceRow("A", 30, 0), ChoiceRow("B", 40, 0)])
    assert not any(r.hidden for r in rows)


# --- Filtered exports: the file holds what the screen counts -----------------------------------------


def _export(client, page, fmt="csv", **params):
    url = reverse("consultation_results:export", args=[page.pk, fmt])
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def _csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_a_filtered_export_has_exactly_the_filtered_responses_and_says_so(organiser_client, consultation):
    carers = bulk_responses(consultation, 3, who="Carer", option="C")
    bulk_responses(consultation, 5, who="Parent", option="A")
    who = questions_by_key(consultation)["who"]
    param = f"{who.id}:Carer"

    screen = organiser_client.get(results_url(consultation, filter=param)).content.decode()
    assert "<strong>3</strong> submitted responses" in screen
    response = _export(organiser_client, consultation, filter=param)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{slugify(consultation.title)}-responses-filtered-carer.csv"'
    )
    rows = _csv_rows(response)
    assert rows[0] == ["Filtered export", f'Only responses where "{who.text}" is "Carer".']
    assert rows[1] == []
    assert rows[2][0] == "Reference"
    assert sorted(row[0] for row in rows[3:]) == sorted(r.reference for r in carers)


def test_the_results_screen_downloads_carry_its_filter(organiser_client, consultation):
    bulk_responses(consultation, 2, who="Carer")
    who = questions_by_key(consultation)["who"]
    html = organiser_client.get(results_url(consultation, filter=f"{who.id}:Carer")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    exports = [a["href"] for a in soup.find_all("a", href=True) if "/export." in a["href"]]
    assert len(exports) == 4
    assert all(f"filter={who.id}%3ACarer" in href for href in exports)
    unfiltered = BeautifulSoup(organiser_client.get(results_url(consultation)).content, "html.parser")
    assert not [a for a in unfiltered.find_all("a", href=True) if "/export." in a["href"] and "filter" in a["href"]]


def test_a_filtered_xlsx_export_is_filtered_too(organiser_client, consultation):
    bulk_responses(consultation, 2, who="Carer")
    bulk_responses(consultation, 4, who="Parent")
    who = questions_by_key(consultation)["who"]
    response = _export(organiser_client, consultation, "xlsx", filter=f"{who.id}:Parent", anonymised="1")
    assert "responses-anonymised-filtered-parent.xlsx" in response["Content-Disposition"]
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][0] == "Filtered export"
    assert rows[2][0] == "Reference" and len(rows) == 3 + 4


@pytest.mark.parametrize("param", ["<script>:Carer", "{who}:Grandparent", "{story}:", "{who}", "x" * 3000])
def test_a_tampered_filter_exports_everything_and_says_nothing_about_a_filter(organiser_client, consultation, param):
    bulk_responses(consultation, 2, who="Carer")
    bulk_responses(consultation, 3, who="Parent")
    q = questions_by_key(consultation)
    response = _export(organiser_client, consultation, filter=param.format(who=q["who"].id, story=q["story"].id))
    assert "filtered" not in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][0] == "Reference" and len(rows) == 1 + 5


def test_a_filtered_export_is_refused_to_other_roles(client, consultation, scrutiny_member):
    mfa_login(client, scrutiny_member)
    bulk_responses(consultation, 2, who="Carer")
    who = questions_by_key(consultation)["who"]
    url = reverse("consultation_results:export", args=[consultation.pk, "csv"])
    response = client.get(url, {"filter": f"{who.id}:Carer"})
    assert response.status_code in (302, 403) and not response.streaming


# --- Responses over time, comparison order, the way to "You said, we did" ------------------------------


def _submitted_on(responses, day):
    Response.objects.filter(pk__in=[r.pk for r in responses]).update(
        submitted_on=day, submitted_at=timezone.make_aware(datetime.combine(day, time(12)))
    )


def test_responses_over_time_are_weekly_with_empty_weeks_shown(consultation):
    now = timezone.now()
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=10)
    )
    consultation.refresh_from_db()
    opened = timezone.localdate(consultation.opens_at)
    monday = opened - timedelta(days=opened.weekday())
    _submitted_on(bulk_responses(consultation, 3), opened)
    _submitted_on(bulk_responses(consultation, 2), monday + timedelta(days=15))  # two weeks on
    weeks = selectors.results_for_consultation(consultation=consultation).over_time
    assert weeks[:3] == [(monday, 3), (monday + timedelta(days=7), 0), (monday + timedelta(days=14), 2)]
    assert all(week.weekday() == 0 for week, _ in weeks)
    # Up to today (the consultation is still open), not to the closing date.
    assert weeks[-1][0] == timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert sum(n for _, n in weeks) == 5


def test_no_responses_no_weeks(consultation):
    assert selectors.results_for_consultation(consultation=consultation).over_time == []


def test_responses_over_time_on_screen_per_week(organiser_client, consultation):
    opened = timezone.localdate(consultation.opens_at)
    _submitted_on(bulk_responses(consultation, 4), opened)
    soup = BeautifulSoup(organiser_client.get(results_url(consultation)).content, "html.parser")
    table = soup.find("caption", string="Responses per week").find_parent("table")
    monday = opened - timedelta(days=opened.weekday())
    assert table.find("tbody").find("tr").get_text(" ", strip=True) == f"{monday:%a} {monday.day} {monday:%b %Y} 4"


def test_comparison_rows_follow_the_order_of_the_compared_answers(consultation):
    # Made in the opposite order to the question's own: Responding on someone's behalf, Carer, Parent.
    bulk_responses(consultation, 1, who="Responding on someone's behalf", option="A")
    bulk_responses(consultation, 2, who="Carer", option="A")
    unanswered = bulk_responses(consultation, 1, who="Parent", option="B")
    Answer.objects.filter(response__in=unanswered, question_id=questions_by_key(consultation)["who"].id).delete()
    bulk_responses(consultation, 3, who="Parent", option="A")
    q = questions_by_key(consultation)
    results = selectors.results_for_consultation(consultation=consultation, compare_question_id=q["who"].id)
    option = next(r for r in results.questions if r.question.id == q["option"].id)
    assert list(option.crosstab) == ["Parent", "Carer", "Responding on someone's behalf", "Not answered"]


def test_results_link_to_the_you_said_we_did_editor(organiser_client, consultation):
    soup = BeautifulSoup(organiser_client.get(results_url(consultation)).content, "html.parser")
    link = next(a for a in soup.find_all("a") if a.get_text(strip=True) == 'Write "You said, we did"')
    assert link["href"] == reverse("wagtailadmin_pages:edit", args=[consultation.pk]) + "#tab-you_said_we_did"
    assert ConsultationPage.get_edit_handler().child_identifiers[2] == "you_said_we_did"


def test_no_editor_link_for_someone_who_cannot_edit_the_page(client, consultation):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_response")
    )
    mfa_login(client, reader)
    response = client.get(results_url(consultation))
    assert response.status_code == 200
    assert "You said, we did" not in response.content.decode()


# --- Paper and phone responses ------------------------------------------------------------------------


def test_an_empty_paper_response_is_refused_and_nothing_is_saved(organiser_client, closed_consultation):
    url = reverse("consultation_results:paper-response", args=[closed_consultation.pk])
    form = BeautifulSoup(organiser_client.get(url).content, "html.parser").find("main").find("form")
    key = form.find("input", attrs={"name": "idempotency_key"})["value"]
    for data in [
        {"idempotency_key": key, "channel": "paper"},  # as the empty form is sent: the channel has a value
        {"idempotency_key": key, "channel": "phone", "consent_quote": "on", "contact_email": "gran@example.org"},
        {
            "idempotency_key": key,
            "channel": "paper",
            **{q.field_name: "   " for q in closed_consultation.question_list if q.is_text},
        },
    ]:
        response = organiser_client.post(url, data)
        assert response.status_code == 200
        assert "Nothing has been saved: this response has no answers." in response.content.decode()
    assert not Response.objects.filter(consultation=closed_consultation).exists()
