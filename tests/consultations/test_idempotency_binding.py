"""The response form's idempotency key is bound to the browser that opened the form.

A retried or double-clicked POST from that browser gets its own response back; the same key sent from anyone
else's browser (copied, replayed, tampered with) is refused: nothing is stored and no reference is shown.
"""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.test import Client

from consultations.forms import (
    IDEMPOTENCY_SALT,
    PaperResponseForm,
    ResponseForm,
    idempotency_key_issue,
    idempotency_key_read,
)
from consultations.models import Answer, Response, ResponseStatus
from tests.conftest import sign_in
from tests.consultations.conftest import TEST_VISITOR, form_key, valid_post_data
from tests.factories import UserFactory

REFUSED = "We could not check that this form was opened in this browser, so nothing has been saved."


def _respond_url(page) -> str:
    return page.url + "respond/"


def _done_url(page, reference: str) -> str:
    return page.url + f"respond/done/{reference}/"


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _key_in(response) -> str:
    return _soup(response).find("input", attrs={"name": "idempotency_key"})["value"]


def _assert_refused(response, *, not_shown: str | None = None) -> None:
    assert response.status_code == 200, "refused as a form error, not a redirect to a confirmation"
    soup = _soup(response)
    summary = soup.find(class_="govuk-error-summary")
    assert summary and REFUSED in summary.get_text(), "the refusal is in the error summary"
    assert soup.title.get_text().startswith("Error:")
    if not_shown:
        assert not_shown not in response.content.decode(), "another respondent's reference must never be shown"


def _csrf_secret(client) -> str:
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def _submitted_by_victim(consultation) -> tuple[Client, dict, Response]:
    victim = Client()
    data = valid_post_data(consultation, client=victim, send_receipt="on", contact_email="victim@example.org")
    sent = victim.post(_respond_url(consultation), data)
    assert sent.status_code == 302
    return victim, data, Response.objects.get()


# --- the key in the page -------------------------------------------------------------------------


def test_the_form_key_is_signed_for_the_browser_that_opened_it(client, consultation):
    key = form_key(client, consultation)
    inside = idempotency_key_read(signed=key, visitor=_csrf_secret(client), consultation_id=consultation.pk)
    assert isinstance(inside, uuid.UUID)
    assert idempotency_key_read(signed=key, visitor="someone-else", consultation_id=consultation.pk) is None
    assert idempotency_key_read(signed=key, visitor=_csrf_secret(client), consultation_id=consultation.pk + 1) is None
    assert _csrf_secret(client) not in key, "the visitor's secret itself never goes into the page"
    other = Client()
    assert form_key(other, consultation) != key


# --- someone else's key --------------------------------------------------------------------------


def test_someone_elses_key_is_refused_and_does_not_reveal_their_reference(consultation):
    victim, data, saved = _submitted_by_victim(consultation)
    attacker = Client()
    attacker.get(_respond_url(consultation))  # a browser of their own, with its own CSRF cookie
    for _ in range(2):
        response = attacker.post(_respond_url(consultation), data)
        _assert_refused(response, not_shown=saved.reference)
    assert Response.objects.count() == 1 and Answer.objects.filter(response=saved).count() == Answer.objects.count()
    assert len(mail.outbox) == 1, "no second receipt"
    assert attacker.get(_done_url(consultation, saved.reference)).status_code == 404
    # The victim still gets their own confirmation back.
    assert victim.post(_respond_url(consultation), data)["Location"] == _done_url(consultation, saved.reference)


def test_a_browser_with_no_cookies_cannot_replay_a_key(consultation):
    _, data, saved = _submitted_by_victim(consultation)
    response = Client().post(_respond_url(consultation), data)
    _assert_refused(response, not_shown=saved.reference)
    assert Response.objects.count() == 1


def test_a_stolen_key_used_first_does_not_spoil_the_owners_response(consultation):
    owner = Client()
    data = valid_post_data(consultation, client=owner)
    thief = Client()
    thief.get(_respond_url(consultation))
    _assert_refused(thief.post(_respond_url(consultation), {**data, "consent_quote": "on"}))
    assert Response.objects.count() == 0
    sent = owner.post(_respond_url(consultation), data)
    assert sent.status_code == 302
    assert Response.objects.get().consent_quote is False, "the owner's answers, not the thief's"


def test_after_a_refusal_the_form_has_a_key_of_this_browsers_own(consultation):
    _, data, saved = _submitted_by_victim(consultation)
    other = Client()
    other.get(_respond_url(consultation))
    refused = other.post(_respond_url(consultation), data)
    fresh = _key_in(refused)
    assert fresh != data["idempotency_key"]
    assert idempotency_key_read(signed=fresh, visitor=_csrf_secret(other), consultation_id=consultation.pk)
    # Sending again from the re-shown form is their own, new response.
    sent = other.post(_respond_url(consultation), {**data, "idempotency_key": fresh})
    assert sent.status_code == 302
    assert Response.objects.count() == 2
    theirs = Response.objects.exclude(pk=saved.pk).get()
    assert sent["Location"] == _done_url(consultation, theirs.reference) != _done_url(consultation, saved.reference)


def test_another_member_cannot_replay_a_members_key(consultation, parent):
    owner = Client()
    sign_in(owner, parent)
    data = valid_post_data(consultation, client=owner)
    assert owner.post(_respond_url(consultation), data).status_code == 302
    saved = Response.objects.get()
    other = Client()
    other.force_login(UserFactory())
    other.get(_respond_url(consultation))
    _assert_refused(other.post(_respond_url(consultation), data), not_shown=saved.reference)
    assert Response.objects.count() == 1


# --- tampered keys -------------------------------------------------------------------------------


def _flip_last(text: str) -> str:
    return text[:-1] + ("A" if text[-1] != "A" else "B")


def test_a_tampered_signature_is_refused(client, consultation):
    data = valid_post_data(consultation, client=client)
    _assert_refused(
        client.post(_respond_url(consultation), {**data, "idempotency_key": _flip_last(data["idempotency_key"])})
    )
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_the_bare_uuid_from_someone_elses_key_is_refused(consultation):
    """The signed value is readable (not encrypted): the UUID in it must be useless on its own."""
    _, data, saved = _submitted_by_victim(consultation)
    payload = data["idempotency_key"].split(":")[0]
    key_inside, _, _ = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert uuid.UUID(key_inside) == saved.idempotency_key
    attacker = Client()
    attacker.get(_respond_url(consultation))
    _assert_refused(
        attacker.post(_respond_url(consultation), {**data, "idempotency_key": key_inside}), not_shown=saved.reference
    )
    # Nor can the attacker re-sign it for themselves without the site's secret key.
    forged = signing.dumps([key_inside, consultation.pk, "0" * 32], salt=IDEMPOTENCY_SALT, key="guessed")
    _assert_refused(
        attacker.post(_respond_url(consultation), {**data, "idempotency_key": forged}), not_shown=saved.reference
    )
    assert Response.objects.count() == 1


def test_a_key_for_another_consultation_is_refused(client, make_consultation):
    a, b = make_consultation(), make_consultation()
    key_for_a = form_key(client, a)
    _assert_refused(client.post(_respond_url(b), valid_post_data(b, idempotency_key=key_for_a)))
    assert Response.objects.count() == 0


# --- the same browser ----------------------------------------------------------------------------


def test_a_retry_from_the_same_browser_stores_one_response(client, consultation):
    data = valid_post_data(consultation, client=client, send_receipt="on", contact_email="jo@example.org")
    locations = {client.post(_respond_url(consultation), data)["Location"] for _ in range(3)}
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.SUBMITTED
    assert locations == {_done_url(consultation, saved.reference)}
    assert client.get(_done_url(consultation, saved.reference)).status_code == 200
    assert len(mail.outbox) == 1


def test_an_anonymous_draft_then_send_keeps_the_browsers_key(client, consultation):
    data = valid_post_data(consultation, client=client)
    assert (
        client.post(
            _respond_url(consultation), {**data, "save_link": "", "contact_email": "jo@example.org"}
        ).status_code
        == 302
    )
    for _ in range(2):
        assert client.post(_respond_url(consultation), data).status_code == 302
    (saved,) = Response.objects.all()
    assert saved.status == ResponseStatus.SUBMITTED


# --- the forms -----------------------------------------------------------------------------------


@pytest.fixture
def page(consultation):
    return consultation


def test_a_public_form_without_a_visitor_accepts_no_key(page):
    data = valid_post_data(page, visitor=TEST_VISITOR)
    assert ResponseForm(data, consultation=page, user=AnonymousUser(), visitor=TEST_VISITOR).is_valid()
    unbound = ResponseForm(data, consultation=page, user=AnonymousUser())
    assert not unbound.is_valid() and "idempotency_key" in unbound.errors


def test_the_admin_paper_form_still_takes_a_plain_key(page):
    key = uuid.uuid4()
    form = PaperResponseForm(valid_post_data(page, idempotency_key=str(key), channel="paper"), consultation=page)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["idempotency_key"] == key
    assert not PaperResponseForm(
        valid_post_data(
            page, idempotency_key=idempotency_key_issue(visitor="x", consultation_id=page.pk), channel="paper"
        ),
        consultation=page,
    ).is_valid()
