"""'You said, we did', notifications, retention, members' own responses, save-and-return links."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Answer, ConsultationPage, Response, ResponseStatus
from forum_site.accounts.services import account_delete
from tests.conftest import sign_in
from tests.consultations.conftest import questions_by_key

pytestmark = pytest.mark.django_db


def _submit(page, user=None, **kwargs):
    q = questions_by_key(page)
    defaults = {
        "consultation": page,
        "user": user,
        "answers": [
            {"question_id": q["option"].id, "value_choice": "A"},
            {"question_id": q["story"].id, "value_text": "We waited 60 weeks."},
        ],
        "idempotency_key": __import__("uuid").uuid4(),
        "consent_quote": True,
        "consent_contact": False,
    }
    defaults.update(kwargs)
    return services.response_submit(**defaults).response


def _close(page):
    now = timezone.now()
    ConsultationPage.objects.filter(pk=page.pk).update(
        opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    return ConsultationPage.objects.get(pk=page.pk)


def test_outcome_cannot_be_published_before_closing(consultation):
    consultation.outcome_published = True
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "outcome_published" in error.value.message_dict


def test_publishing_outcome_emails_those_who_asked_once(consultation, parent, django_capture_on_commit_callbacks):
    _submit(consultation, consent_contact=True, contact_email="a@example.org")
    _submit(consultation, consent_contact=False, contact_email="")
    _submit(consultation, user=parent, consent_contact=True, contact_email=parent.email)
    page = _close(consultation)
    mail.outbox.clear()
    page.outcome_summary = "<p>You told us about waits.</p>"
    page.outcome_changes = "<ul><li>Named caseworkers</li></ul>"
    page.outcome_published = True
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(["a@example.org", parent.email])
    assert all(page.title in m.subject for m in mail.outbox)
    assert ConsultationPage.objects.get(pk=page.pk).outcome_published_at is not None
    # Publishing again (an edit) sends nothing more.
    mail.outbox.clear()
    page = ConsultationPage.objects.get(pk=page.pk)
    page.outcome_changes = "<ul><li>Named caseworkers from January</li></ul>"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert mail.outbox == []


def test_outcome_shown_publicly_with_suppressed_figures_and_consented_quotes(client, consultation):
    for _ in range(3):
        _submit(consultation)  # 3 x "A": fewer than 5
    quoted = _submit(consultation, consent_quote=True)
    Answer.objects.filter(response=quoted, value_text__startswith="We waited").update(quote_selected=True)
    page = _close(consultation)
    page.outcome_summary = "<p>Summary of views</p>"
    page.outcome_changes = "<p>What changes</p>"
    page.outcome_published = True
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "You said, we did" in html and "Summary of views" in html and "What changes" in html
    index_html = client.get(page.get_parent().url).content.decode()
    assert "Outcome published" in index_html


def test_show_in_outcome_figures_suppress_small_counts(client, make_consultation):
    import json
    import uuid

    stream = json.dumps(
        [
            {
                "type": "single_choice",
                "id": str(uuid.uuid4()),
                "value": {"question": "Pick", "choices": ["X", "Y", "Z"], "show_in_outcome": True},
            }
        ]
    )
    page = make_consultation(questions=stream)
    qid = page.question_list[0].id
    for choice in ["X"] * 6 + ["Y"] * 2 + ["Z"] * 9:
        services.response_submit(
            consultation=page,
            user=None,
            answers=[{"question_id": qid, "value_choice": choice}],
            idempotency_key=uuid.uuid4(),
            consent_quote=False,
            consent_contact=False,
        )
    page = _close(page)
    page.outcome_published = True
    page.save_revision().publish()
    from bs4 import BeautifulSoup

    cells = [
        td.get_text(strip=True) for td in BeautifulSoup(client.get(page.url).content, "html.parser").find_all("td")
    ]
    assert "9" in cells
    assert "fewer than 5" in cells and "2" not in cells
    # X is hidden too, otherwise Y = 17 - 6 - 9 could be worked out from the total.
    assert "6" not in cells and "hidden" in cells


def test_retention_erases_contact_and_free_text(consultation, parent):
    kept = _submit(consultation, user=parent, consent_contact=True, contact_email=parent.email)
    Answer.objects.filter(response=kept, value_text__startswith="We").update(quote_selected=False)
    page = _close(consultation)
    ConsultationPage.objects.filter(pk=page.pk).update(retention_until=timezone.localdate() - timedelta(days=1))
    call_command("consultation_retention", stdout=__import__("io").StringIO())
    kept.refresh_from_db()
    assert kept.contact_email == "" and kept.user is None
    assert not Answer.objects.filter(response=kept).exclude(value_text="").exists()
    assert Answer.objects.filter(response=kept, value_choice="A").exists()  # figures stay true


def test_retention_leaves_current_consultations_alone(consultation, parent):
    kept = _submit(consultation, user=parent, consent_contact=True, contact_email=parent.email)
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        retention_until=timezone.localdate() + timedelta(days=30)
    )
    services.retention_apply()
    kept.refresh_from_db()
    assert kept.contact_email == parent.email and kept.user == parent


def test_account_deletion_unlinks_but_keeps_answers(consultation, parent):
    response = _submit(consultation, user=parent, consent_contact=True, contact_email=parent.email)
    account_delete(user=parent)
    response.refresh_from_db()
    assert response.user is None and response.contact_email == "" and response.status == ResponseStatus.SUBMITTED
    assert response.answers.count() == 2


def test_member_sees_and_withdraws_own_response(client, consultation, parent):
    response = _submit(consultation, user=parent)
    sign_in(client, parent)
    html = client.get(reverse("consultations:response-list")).content.decode()
    assert response.reference in html
    url = reverse("consultations:response-withdraw", args=[response.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.WITHDRAWN


def test_member_cannot_see_or_withdraw_another_members_response(client, consultation, parent, organiser):
    response = _submit(consultation, user=parent)
    sign_in(client, organiser)
    assert response.reference not in client.get(reverse("consultations:response-list")).content.decode()
    assert client.post(reverse("consultations:response-withdraw", args=[response.pk])).status_code == 404
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED


def test_withdraw_after_closing_is_refused(client, consultation, parent):
    response = _submit(consultation, user=parent)
    _close(consultation)
    sign_in(client, parent)
    follow = client.post(reverse("consultations:response-withdraw", args=[response.pk]), follow=True)
    assert "closed" in follow.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED


def test_my_responses_needs_sign_in(client):
    response = client.get(reverse("consultations:response-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_data_export_includes_responses(client, consultation, parent):
    import json

    _submit(consultation, user=parent)
    sign_in(client, parent)
    data = json.loads(client.get(reverse("accounts:data-export")).content)
    assert data["consultation_responses"][0]["consultation"] == consultation.title
    assert any(a["answer"] == "We waited 60 weeks." for a in data["consultation_responses"][0]["answers"])


def test_anonymous_save_and_return_link(client, consultation, post_data):
    url = consultation.url + "respond/"
    data = post_data(consultation, client=client, option=None, save_link="1", contact_email="anon@example.org")
    response = client.post(url, data)
    assert response.status_code == 302
    draft = Response.objects.get(consultation=consultation, status=ResponseStatus.DRAFT)
    assert draft.user is None and draft.contact_email == "anon@example.org"
    link = re.search(r"https?://\S+\?resume=\S+", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    other_browser = client.__class__()
    page = other_browser.get("/" + path)
    assert page.status_code == 200
    assert "Northfield Primary" in page.content.decode()  # the saved short answer
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.content.decode()).group(1)
    final = post_data(consultation, idempotency_key=key)
    assert other_browser.post(url, final).status_code == 302
    assert Response.objects.filter(consultation=consultation).count() == 1
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.SUBMITTED and draft.resume_token is None
    # The link is spent.
    assert other_browser.get("/" + path).status_code == 400


def test_save_link_needs_an_email(client, consultation, post_data):
    data = post_data(consultation, client=client, save_link="1")
    response = client.post(consultation.url + "respond/", data)
    assert response.status_code == 200
    assert "Give your email address" in response.content.decode()
    assert not Response.objects.exists()


def test_save_and_return_link_expires_at_closing(client, consultation, post_data):
    client.post(
        consultation.url + "respond/",
        post_data(consultation, client=client, save_link="1", contact_email="anon@example.org"),
    )
    link = re.search(r"\?resume=(\S+)", mail.outbox[-1].body).group(1)
    _close(consultation)
    response = client.get(consultation.url + "respond/?resume=" + link)
    assert response.status_code in (200, 400)
    assert "closed" in response.content.decode()


def test_the_service_refuses_a_save_and_return_link_after_closing(consultation):
    """The page says "closed" for any closed consultation; this proves the link itself stops working."""
    draft, signed = services.response_draft_save_anonymous(
        consultation=consultation, answers=[], email="anon@example.org", consent_quote=False, consent_contact=False
    )
    assert services.resume_token_read(consultation=consultation, signed=signed) == draft
    closed = _close(consultation)
    with pytest.raises(services.ResponseRefused, match="closed"):
        services.resume_token_read(consultation=closed, signed=signed)


def test_tampered_resume_link(client, consultation):
    response = client.get(consultation.url + "respond/?resume=not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_emails_to_an_address_are_rate_limited(client, consultation, post_data):
    url = consultation.url + "respond/"
    for _ in range(5):
        fresh = client.__class__()
        data = post_data(consultation, client=fresh, save_link="1", contact_email="victim@example.org")
        assert fresh.post(url, data).status_code == 302
    assert len(mail.outbox) == 5
    fresh = client.__class__()
    response = fresh.post(url, post_data(consultation, client=fresh, save_link="1", contact_email="victim@example.org"))
    assert response.status_code == 200
    assert "too many emails" in response.content.decode()
    assert len(mail.outbox) == 5
    assert Response.objects.filter(status=ResponseStatus.DRAFT).count() == 5

    # A receipt over the limit is not sent, but the response is saved and the respondent told.
    fresh = client.__class__()
    follow = fresh.post(
        url, post_data(consultation, client=fresh, send_receipt="on", contact_email="victim@example.org"), follow=True
    )
    assert "could not email a receipt" in follow.content.decode()
    assert len(mail.outbox) == 5
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1


def test_answered_options_and_questions_cannot_be_removed(consultation):
    import json

    _submit(consultation)  # answers "A" to the option question and a story
    raw = list(consultation.questions.raw_data)
    option = next(block for block in raw if block["type"] == "single_choice")
    option["value"]["choices"] = ["A (renamed)", "B", "C"]
    consultation.questions = json.dumps(raw)
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert 'no longer offers "A"' in str(error.value.message_dict["questions"])

    option["value"]["choices"] = ["A", "B", "C", "D"]  # adding an option is fine
    story = next(block for block in raw if block["type"] == "long_text")
    story["value"]["question"] = "Tell us more about your experience"  # rewording is fine
    consultation.questions = json.dumps(raw)
    consultation.full_clean()

    consultation.questions = json.dumps([block for block in raw if block["type"] != "long_text"])
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "already answered was removed" in str(error.value.message_dict["questions"])
