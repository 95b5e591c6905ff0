"""The public pages and the response form, through the real URLs with Django's test client."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Answer, ConsultationPage, Response, ResponseStatus
from tests.conftest import sign_in
from tests.consultations.conftest import form_key, questions_by_key, short_text_stream, valid_post_data
from tests.factories import UserFactory

SCRIPT = '<script>alert("pwned")</script>'


def _respond_url(page) -> str:
    return page.url + "respond/"


def _done_url(page, reference: str) -> str:
    return page.url + f"respond/done/{reference}/"


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _html(response) -> str:
    return response.content.decode()


def _checked(soup, name: str) -> list[str]:
    return [i["value"] for i in soup.find_all("input", attrs={"name": name}) if i.has_attr("checked")]


def _no_raw_script(html: str) -> None:
    assert "<script>alert" not in html, "user text must never reach the page as markup"


# --- the form ------------------------------------------------------------------------------------


def test_form_renders_every_question_with_label_or_legend(client, consultation):
    response = client.get(_respond_url(consultation))
    assert response.status_code == 200
    soup = _soup(response)
    assert len(soup.find_all("h1")) == 1
    assert not soup.find(class_="govuk-error-summary")
    form = soup.find("form", attrs={"method": "post"}) or soup.find("form")
    key = soup.find("input", attrs={"name": "idempotency_key"})
    assert key["type"] == "hidden" and key["value"]  # signed for this browser: see test_idempotency_binding.py
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    q = questions_by_key(consultation)
    for name in ("school", "story"):
        question = q[name]
        label = soup.find("label", attrs={"for": f"id_{question.field_name}"})
        assert label and question.text in label.get_text(), f"no label for {name}"
        assert soup.find(id=f"id_{question.field_name}"), f"no input for {name}"
    for name in ("option", "services", "rating", "on_time", "who", "area"):
        question = q[name]
        inputs = soup.find_all("input", attrs={"name": question.field_name})
        assert [i["value"] for i in inputs] == list(question.choices), name
        fieldset = inputs[0].find_parent("fieldset")
        assert fieldset and question.text in fieldset.legend.get_text(), f"no legend for {name}"
        for option in inputs:
            assert soup.find("label", attrs={"for": option["id"]}), f"an option of {name} has no label"
    other = soup.find("label", attrs={"for": f"id_{q['services'].other_field_name}"})
    assert other and "other, please say" in other.get_text() and "Question 4" in other.get_text()
    assert "Your experience" in soup.get_text()  # the section heading
    assert "(optional)" in soup.find("label", attrs={"for": f"id_{q['story'].field_name}"}).get_text()
    assert not soup.find("button", attrs={"name": "save_draft"}), "drafts are for members"


def test_invalid_post_keeps_every_answer_and_links_each_error(client, consultation):
    q = questions_by_key(consultation)
    long_story = "My story. " * 1001  # 10,009 characters once stripped: over the limit
    data = valid_post_data(
        consultation,
        school="Kept <b>school</b> answer",
        story=long_story,
        option=None,  # required, missing
        services=["Portage", "Other"],  # Other ticked without saying what
        rating="4",
        on_time="Not sure",
        who="Carer",
        area="West Northfield",
        consent_quote="on",
        client=client,
    )
    response = client.post(_respond_url(consultation), data)
    assert response.status_code == 200
    assert Response.objects.count() == 0
    soup = _soup(response)
    assert soup.title.get_text().startswith("Error:")

    # Everything already given is still there.
    assert soup.find("input", attrs={"name": q["school"].field_name})["value"] == "Kept <b>school</b> answer"
    assert soup.find("textarea", attrs={"name": q["story"].field_name}).get_text().strip() == long_story.strip()
    assert _checked(soup, q["services"].field_name) == ["Portage", "Other"]
    assert _checked(soup, q["rating"].field_name) == ["4"]
    assert _checked(soup, q["on_time"].field_name) == ["Not sure"]
    assert _checked(soup, q["who"].field_name) == ["Carer"]
    assert _checked(soup, q["area"].field_name) == ["West Northfield"]
    assert _checked(soup, q["option"].field_name) == []
    assert soup.find("input", attrs={"name": "consent_quote"}).has_attr("checked")
    assert soup.find("input", attrs={"name": "idempotency_key"})["value"] == data["idempotency_key"]
    assert "Kept <b>school</b>" not in _html(response), "the kept answer is escaped"

    # The error summary links to each field in error, and every link lands on an element.
    summary = soup.find(class_="govuk-error-summary")
    assert summary and summary.find(attrs={"role": "alert"}), "the summary is announced"
    links = {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}
    assert links == {
        f"#id_{q['story'].field_name}": "Your answer to question 2 must be 10,000 characters or fewer (it has 10009).",
        f"#id_{q['option'].field_name}_0": "Choose an answer to question 3: Which option do you prefer?",
        f"#id_{q['services'].other_field_name}": 'You ticked "Other" for question 4: say what you mean.',
    }
    for href in links:
        assert soup.find(id=href[1:]), f"the error link {href} goes nowhere"


def test_error_link_for_a_missing_short_text_answer(client, consultation):
    q = questions_by_key(consultation)
    response = client.post(_respond_url(consultation), valid_post_data(consultation, client=client, school=""))
    summary = _soup(response).find(class_="govuk-error-summary")
    assert [a["href"] for a in summary.find_all("a")] == [f"#id_{q['school'].field_name}"]
    assert "Answer question 1: Which school does your child go to?" in summary.get_text()


def test_html_in_answers_is_shown_as_text_everywhere(client, consultation):
    q = questions_by_key(consultation)
    # Re-rendered after an error...
    data = valid_post_data(consultation, client=client, school=SCRIPT, story=SCRIPT, option=None, services=["Other"])
    data[q["services"].other_field_name] = SCRIPT
    response = client.post(_respond_url(consultation), data)
    assert response.status_code == 200
    html = _html(response)
    _no_raw_script(html)
    assert "&lt;script&gt;" in html
    # ...then sent: stored as typed, and the confirmation and receipt never carry markup.
    data = valid_post_data(consultation, client=client, school=SCRIPT, story=SCRIPT, services=["Other"])
    data.update({q["services"].other_field_name: SCRIPT, "send_receipt": "on", "contact_email": "jo@example.org"})
    response = client.post(_respond_url(consultation), data, follow=True)
    assert response.status_code == 200
    _no_raw_script(_html(response))
    assert set(Answer.objects.exclude(value_text="").values_list("value_text", flat=True)) == {SCRIPT}
    (message,) = mail.outbox
    assert SCRIPT in message.body and not getattr(message, "alternatives", None), "plain text only"
    _no_raw_script(_html(client.get(consultation.url)))


def test_tampered_question_ids_store_nothing_extra(client, consultation):
    data = valid_post_data(consultation, client=client)
    data[f"q_{uuid.uuid4()}"] = "injected"
    data["q_../../etc"] = "injected"
    response = client.post(_respond_url(consultation), data)
    assert response.status_code == 302
    known = {question.id for question in consultation.question_list}
    assert set(Answer.objects.values_list("question_id", flat=True)) <= known
    assert not Answer.objects.filter(value_text="injected").exists()


# --- sending -------------------------------------------------------------------------------------


def test_valid_post_redirects_to_the_confirmation_with_the_reference(client, consultation):
    response = client.post(_respond_url(consultation), valid_post_data(consultation, client=client))
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.SUBMITTED and saved.user is None
    assert response.status_code == 302 and response["Location"] == _done_url(consultation, saved.reference)
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert _soup(done).find(class_="app-reference").get_text(strip=True) == saved.reference
    assert saved.answers.count() == 9  # 8 questions, two options ticked for one of them
    assert len(mail.outbox) == 0, "no receipt unless asked for"


def test_replayed_post_gives_the_same_reference(client, consultation):
    data = valid_post_data(consultation, client=client, send_receipt="on", contact_email="jo@example.org")
    first = client.post(_respond_url(consultation), data)
    second = client.post(_respond_url(consultation), data)
    client.cookies.pop(
        settings.SESSION_COOKIE_NAME
    )  # a retry after the session was lost (same browser, same CSRF cookie)
    third = client.post(_respond_url(consultation), data)
    assert first.status_code == second.status_code == third.status_code == 302
    assert first["Location"] == second["Location"] == third["Location"]
    assert Response.objects.count() == 1
    assert first["Location"] == _done_url(consultation, Response.objects.get().reference)
    assert len(mail.outbox) == 1, "a replay must not send a second receipt"


def test_member_double_click_gives_the_same_reference(client, consultation, parent):
    sign_in(client, parent)
    data = valid_post_data(consultation, client=client)
    first = client.post(_respond_url(consultation), data)
    assert first.status_code == 302
    second = client.post(_respond_url(consultation), data)
    assert Response.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"], (
        "BUG: a member's replayed POST (double click, retry after a timeout) is answered with 'You have already "
        "responded' instead of their confirmation: response_form checks member_has_responded before "
        f"response_submit can match the idempotency key (got {second.status_code})"
    )


@pytest.mark.parametrize("when", ["closed", "not yet open"])
def test_post_after_the_dates_changed_is_refused_and_stores_nothing(client, consultation, when):
    key = form_key(client, consultation)  # the form was open when the visitor opened it
    now = timezone.now()
    if when == "closed":
        dates = {"opens_at": now - timedelta(days=10), "closes_at": now - timedelta(minutes=1)}
        expected = "This consultation closed on"
    else:
        dates = {"opens_at": now + timedelta(days=1), "closes_at": now + timedelta(days=10)}
        expected = "This consultation has not opened yet"
    ConsultationPage.objects.filter(pk=consultation.pk).update(**dates)
    data = valid_post_data(consultation, idempotency_key=key, send_receipt="on", contact_email="jo@example.org")
    for _ in range(2):  # a double submission
        response = client.post(_respond_url(consultation), data)
        assert response.status_code == 409
        assert expected in _html(response)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert len(mail.outbox) == 0


def test_closed_and_upcoming_forms_say_so(client, closed_consultation, upcoming_consultation):
    closed = client.get(_respond_url(closed_consultation))
    assert closed.status_code == 200 and "This consultation has closed" in _html(closed)
    assert not _soup(closed).find("input", attrs={"name": "idempotency_key"})
    upcoming = client.get(_respond_url(upcoming_consultation))
    assert "This consultation has not opened yet" in _html(upcoming)
    assert not _soup(upcoming).find("input", attrs={"name": "idempotency_key"})


def test_receipt_email_has_the_reference_and_answers(client, consultation):
    data = valid_post_data(
        consultation,
        client=client,
        school="Hill Top <Academy> & Sixth Form",
        send_receipt="on",
        contact_email="jo@example.org",
    )
    client.post(_respond_url(consultation), data)
    saved = Response.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jo@example.org"]
    assert saved.reference in message.subject and saved.reference in message.body
    for text in [
        "1. Which school does your child go to?",
        "Hill Top <Academy> & Sixth Form",
        "We waited a long time for the assessment.",
        "3. Which option do you prefer?",
        "Speech therapy; Portage",
        "East Northfield",
    ]:
        assert text in message.body, text
    assert "&lt;" not in message.body and "&amp;" not in message.body, "a plain-text email is not HTML-escaped"
    assert saved.contact_email == "", "an email given only for a receipt is not kept"


def test_member_receipt_goes_to_their_account_email(client, consultation, parent):
    sign_in(client, parent)
    client.post(_respond_url(consultation), valid_post_data(consultation, client=client, send_receipt="on"))
    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert Response.objects.get().user == parent


# --- who sees what -------------------------------------------------------------------------------


def test_confirmation_is_private_to_its_browser_or_member(client, consultation, parent):
    response = client.post(_respond_url(consultation), valid_post_data(consultation, client=client))
    url = response["Location"]
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 404, "another visitor must not see someone's confirmation"
    stranger = Client()
    sign_in(stranger, parent)
    assert stranger.get(url).status_code == 404, "a member must not see an anonymous respondent's confirmation"
    assert client.get(_done_url(consultation, "NPC-AAAA-BBBB")).status_code == 404


def test_member_confirmation_is_theirs_alone(consultation, parent):
    owner = Client()
    sign_in(owner, parent)
    url = owner.post(_respond_url(consultation), valid_post_data(consultation, client=owner))["Location"]
    elsewhere = Client()  # the same member on another device
    sign_in(elsewhere, parent)
    assert elsewhere.get(url).status_code == 200
    other_member = Client()
    other_member.force_login(UserFactory())
    assert other_member.get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_confirmation_reference_is_tied_to_its_consultation(client, make_consultation):
    a, b = make_consultation(), make_consultation()
    url = client.post(_respond_url(a), valid_post_data(a, client=client))["Location"]
    reference = Response.objects.get().reference
    assert client.get(url).status_code == 200
    assert client.get(_done_url(b, reference)).status_code == 404, (
        "a reference from one consultation must not confirm a response to another"
    )


def test_member_saves_a_draft_and_sees_it_again(client, consultation, parent):
    sign_in(client, parent)
    q = questions_by_key(consultation)
    form_page = client.get(_respond_url(consultation))
    assert _soup(form_page).find("button", attrs={"name": "save_draft"})
    data = valid_post_data(
        consultation, client=client, school="", story=f"Half written {SCRIPT}", option="C", rating="2"
    )
    data["save_draft"] = ""
    response = client.post(_respond_url(consultation), data)
    assert response.status_code == 302 and response["Location"] == _respond_url(consultation)
    draft = Response.objects.get()
    assert draft.status == ResponseStatus.DRAFT and draft.user == parent and draft.reference is None

    again = client.get(_respond_url(consultation))
    soup = _soup(again)
    _no_raw_script(_html(again))
    assert soup.find("textarea", attrs={"name": q["story"].field_name}).get_text().strip() == f"Half written {SCRIPT}"
    assert _checked(soup, q["option"].field_name) == ["C"]
    assert _checked(soup, q["rating"].field_name) == ["2"]
    assert _checked(soup, q["services"].field_name) == ["Speech therapy", "Portage"]
    assert "Continue your draft response" in _html(client.get(consultation.url))

    # Sending turns the draft into the response: the same row, no second one.
    sent = client.post(_respond_url(consultation), valid_post_data(consultation, client=client))
    assert sent.status_code == 302
    response = Response.objects.get()
    assert response.pk == draft.pk and response.status == ResponseStatus.SUBMITTED
    assert not response.answers.filter(value_text__startswith="Half written").exists()
    assert "You have already responded" in _html(client.get(_respond_url(consultation)))


def test_a_draft_is_still_checked_for_choices(client, consultation, parent):
    sign_in(client, parent)
    data = valid_post_data(consultation, client=client, option="Z")
    data["save_draft"] = ""
    response = client.post(_respond_url(consultation), data)
    assert response.status_code == 200 and _soup(response).find(class_="govuk-error-summary")
    assert Response.objects.count() == 0


def test_unverified_member_is_sent_to_verify(client, consultation, unverified_parent):
    sign_in(client, unverified_parent)
    for response in (
        client.get(_respond_url(consultation)),
        client.post(_respond_url(consultation), valid_post_data(consultation)),
    ):
        assert response.status_code == 302 and response["Location"] == reverse("account_email")
    assert Response.objects.count() == 0


def test_visitor_is_sent_to_sign_in_where_anonymous_responses_are_off(client, make_consultation, parent):
    page = make_consultation(allow_anonymous=False)
    for response in (client.get(_respond_url(page)), client.post(_respond_url(page), valid_post_data(page))):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert f"next={_respond_url(page)}" in response["Location"]
    assert Response.objects.count() == 0
    sign_in(client, parent)
    assert client.get(_respond_url(page)).status_code == 200


def test_csrf_is_enforced(consultation):
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(_respond_url(consultation)).status_code == 200
    response = browser.post(_respond_url(consultation), valid_post_data(consultation))
    assert response.status_code == 403
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_csrf_token_from_the_form_is_accepted(consultation):
    browser = Client(enforce_csrf_checks=True)
    soup = _soup(browser.get(_respond_url(consultation)))
    data = valid_post_data(consultation, idempotency_key=soup.find("input", attrs={"name": "idempotency_key"})["value"])
    data["csrfmiddlewaretoken"] = soup.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    assert browser.post(_respond_url(consultation), data).status_code == 302
    assert Response.objects.count() == 1


# --- pages, caching and query counts -------------------------------------------------------------


def test_consultation_page_and_index_show_the_consultation(
    client, consultation, closed_consultation, consultation_index
):
    page = client.get(consultation.url)
    assert page.status_code == 200
    assert "Respond online" in _html(page)
    assert "Which school does your child go to?" in _html(page)
    assert "Respond online" not in _html(client.get(closed_consultation.url))
    soup = _soup(client.get(consultation_index.url))
    open_list = soup.find("ul", attrs={"aria-labelledby": "open-heading"})
    closed_list = soup.find("ul", attrs={"aria-labelledby": "closed-heading"})
    assert consultation.title in open_list.get_text() and closed_consultation.title in closed_list.get_text()


def _queries_for(client, url) -> int:
    assert client.get(url).status_code == 200  # warm per-request caches (site root paths, sessions)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_consultation_page_queries_do_not_grow_with_questions(client, make_consultation, parent):
    sign_in(client, parent)  # the anonymous page cache would hide the queries
    small = make_consultation(questions=short_text_stream(3))
    large = make_consultation(questions=short_text_stream(30))
    assert len(large.question_list) == 30
    for url_of in (lambda p: p.url, _respond_url):
        few, many = _queries_for(client, url_of(small)), _queries_for(client, url_of(large))
        assert few == many, f"{url_of(small)}: {few} queries with 3 questions, {many} with 30"


def test_index_queries_do_not_grow_with_consultations(client, make_consultation, consultation_index, parent):
    sign_in(client, parent)
    now = timezone.now()
    for n in range(3):
        make_consultation(opens_at=now - timedelta(days=n + 1))
    few = _queries_for(client, consultation_index.url)
    for n in range(27):
        if n % 3 == 0:
            make_consultation(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=n + 1))
        elif n % 3 == 1:
            make_consultation(opens_at=now + timedelta(days=n + 1), closes_at=now + timedelta(days=60))
        else:
            make_consultation()
    many = _queries_for(client, consultation_index.url)
    assert ConsultationPage.objects.live().count() == 30
    assert few == many, f"index: {few} queries with 3 consultations, {many} with 30"


def test_anonymous_page_is_served_from_the_cache(client, consultation, consultation_index):
    for url in (consultation.url, consultation_index.url):
        first = client.get(url)
        assert first.status_code == 200 and first.get("X-Page-Cache") == "miss"
        with CaptureQueriesContext(connection) as ctx:
            second = client.get(url)
        assert second.get("X-Page-Cache") == "hit", url
        assert second.content == first.content
        assert len(ctx.captured_queries) == 0, url


def test_members_are_never_served_the_cache(client, consultation, parent):
    client.get(consultation.url)
    sign_in(client, parent)
    response = client.get(consultation.url)
    assert response.get("X-Page-Cache") is None
    assert client.get(_respond_url(consultation)).get("X-Page-Cache") is None
