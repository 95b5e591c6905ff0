"""Writes: response_submit, response_draft_save, response_withdraw, receipt_send."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from consultations import selectors, services
from consultations.models import Answer, ConsultationPage, Response, ResponseStatus
from consultations.services import ResponseRefused
from tests.consultations.conftest import questions_by_key
from tests.factories import UserFactory

REFERENCE = re.compile(r"^NPC-[ABCDEFGHJKMNPQRSTVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTVWXYZ2-9]{4}$")


def _answers(page: ConsultationPage, school: str = "Northfield Primary") -> list[dict]:
    q = questions_by_key(page)
    return [
        {"question_id": q["school"].id, "value_text": school},
        {"question_id": q["option"].id, "value_choice": "A"},
        {"question_id": q["services"].id, "value_choice": "Portage", "value_text": ""},
        {"question_id": q["services"].id, "value_choice": "Other", "value_text": "Sensory room"},
        {"question_id": q["rating"].id, "value_choice": "2"},
    ]


def _submit(page, user=None, key=None, **kwargs):
    params = {
        "consultation": page,
        "user": user if user is not None else AnonymousUser(),
        "answers": _answers(page),
        "idempotency_key": key or uuid.uuid4(),
        "consent_quote": False,
        "consent_contact": False,
    }
    params.update(kwargs)
    return services.response_submit(**params)


def _nothing_stored():
    assert Response.objects.count() == 0, "a refused response must store nothing"
    assert Answer.objects.count() == 0, "a refused response must store no answers"


# --- submitting ----------------------------------------------------------------------------------


def test_submit_creates_one_response_and_one_answer_per_answer(make_consultation):
    consultation = make_consultation(privacy_notice_version="2.3")
    before = timezone.now()
    submission = _submit(consultation, consent_quote=True, consent_contact=True, contact_email="jo@example.org")
    assert submission.created is True
    response = Response.objects.get()
    assert response == submission.response
    assert response.status == ResponseStatus.SUBMITTED
    assert REFERENCE.match(response.reference), response.reference
    assert response.submitted_at and before <= response.submitted_at <= timezone.now()
    assert response.privacy_notice_version == "2.3"
    assert response.consent_quote is True and response.consent_contact is True
    assert response.contact_email == "jo@example.org"
    assert response.user is None and response.member_key is None and response.channel == "online"
    stored = sorted(response.answers.values_list("question_id", "value_choice", "value_text"))
    expected = [(a["question_id"], a.get("value_choice", ""), a.get("value_text", "")) for a in _answers(consultation)]
    assert stored == sorted(expected)


def test_contact_email_is_not_kept_without_consent_to_contact(consultation):
    response = _submit(consultation, consent_contact=False, contact_email="jo@example.org").response
    assert response.contact_email == "", "an email given only for a receipt must not be stored"


def test_references_are_unique(consultation):
    references = {_submit(consultation).response.reference for _ in range(5)}
    assert len(references) == 5 and Response.objects.count() == 5


def test_same_idempotency_key_returns_the_same_response(consultation):
    key = uuid.uuid4()
    first = _submit(consultation, key=key)
    second = _submit(consultation, key=key, answers=_answers(consultation, school="Changed"))
    assert second.created is False
    assert second.response.pk == first.response.pk and second.response.reference == first.response.reference
    assert Response.objects.count() == 1
    assert Answer.objects.count() == len(_answers(consultation))
    assert not Answer.objects.filter(value_text="Changed").exists(), "a replay must not change the stored answers"


def test_same_key_on_another_consultation_is_a_new_response(make_consultation):
    key = uuid.uuid4()
    a, b = make_consultation(), make_consultation()
    assert _submit(a, key=key).created and _submit(b, key=key).created
    assert Response.objects.count() == 2


def test_closed_consultation_refuses_and_stores_nothing(closed_consultation):
    with pytest.raises(ResponseRefused, match=r"This consultation closed on .* Nothing has been saved\."):
        _submit(closed_consultation)
    _nothing_stored()


def test_not_yet_open_consultation_refuses_and_stores_nothing(upcoming_consultation):
    with pytest.raises(ResponseRefused, match=r"This consultation has not opened yet\. It opens on "):
        _submit(upcoming_consultation)
    _nothing_stored()


def test_refusal_checks_the_dates_at_save_time(consultation):
    """The page object in memory still says open; the database (an editor's change) says closed."""
    now = timezone.now()
    consultation.opens_at, consultation.closes_at = now - timedelta(days=5), now - timedelta(seconds=1)
    with pytest.raises(ResponseRefused):
        _submit(consultation)
    _nothing_stored()


def test_member_can_respond_once(consultation, parent):
    first = _submit(consultation, user=parent)
    assert first.response.user == parent and first.response.member_key == parent.pk
    with pytest.raises(ResponseRefused, match="You have already responded to this consultation"):
        _submit(consultation, user=parent)
    assert Response.objects.count() == 1 and Answer.objects.count() == len(_answers(consultation))


def test_member_may_respond_twice_when_allowed(make_consultation, parent):
    page = make_consultation(one_response_per_member=False)
    a, b = _submit(page, user=parent), _submit(page, user=parent)
    assert a.created and b.created and a.response.pk != b.response.pk
    assert Response.objects.filter(user=parent, status="submitted").count() == 2
    assert Response.objects.filter(member_key__isnull=False).count() == 0


def test_one_response_per_member_is_per_consultation(make_consultation, parent):
    a, b = make_consultation(), make_consultation()
    assert _submit(a, user=parent).created and _submit(b, user=parent).created


def test_anonymous_refused_when_not_allowed(make_consultation, parent):
    page = make_consultation(allow_anonymous=False)
    with pytest.raises(ResponseRefused, match="Sign in to respond"):
        _submit(page)
    with pytest.raises(ResponseRefused, match="Sign in to respond"):
        _submit(page, user=None)
    _nothing_stored()
    assert _submit(page, user=parent).created


# --- drafts --------------------------------------------------------------------------------------


def test_draft_becomes_the_submitted_response(consultation, parent):
    q = questions_by_key(consultation)
    draft = services.response_draft_save(
        consultation=consultation,
        user=parent,
        answers=[{"question_id": q["story"].id, "value_text": "Draft words"}],
        consent_quote=True,
        consent_contact=False,
    )
    assert draft.status == ResponseStatus.DRAFT and draft.reference is None and draft.submitted_at is None
    # Saving again updates the same draft.
    again = services.response_draft_save(
        consultation=consultation,
        user=parent,
        answers=[{"question_id": q["story"].id, "value_text": "Better draft words"}],
        consent_quote=True,
        consent_contact=False,
    )
    assert again.pk == draft.pk and Response.objects.count() == 1
    assert list(Answer.objects.values_list("value_text", flat=True)) == ["Better draft words"]

    submission = _submit(consultation, user=parent)
    assert submission.created and submission.response.pk == draft.pk, "the draft row must become the response"
    assert Response.objects.count() == 1
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED and REFERENCE.match(response.reference)
    assert sorted(response.answers.values_list("value_text", flat=True)) == sorted(
        a.get("value_text", "") for a in _answers(consultation)
    ), "the draft's answers are replaced by the submitted ones"
    assert selectors.member_draft(consultation=consultation, user=parent) is None


def test_draft_needs_a_member_and_an_open_consultation(consultation, closed_consultation, parent):
    kwargs = {"answers": [], "consent_quote": False, "consent_contact": False}
    with pytest.raises(ResponseRefused, match="Sign in"):
        services.response_draft_save(consultation=consultation, user=AnonymousUser(), **kwargs)
    with pytest.raises(ResponseRefused, match="closed"):
        services.response_draft_save(consultation=closed_consultation, user=parent, **kwargs)
    _nothing_stored()


def test_no_draft_after_responding(consultation, parent):
    _submit(consultation, user=parent)
    with pytest.raises(ResponseRefused, match="already responded"):
        services.response_draft_save(
            consultation=consultation, user=parent, answers=[], consent_quote=False, consent_contact=False
        )
    assert Response.objects.count() == 1


# --- withdrawing ---------------------------------------------------------------------------------


def test_member_withdraws_and_may_respond_again(consultation, parent):
    response = _submit(consultation, user=parent).response
    services.response_withdraw(response=response, user=parent)
    response.refresh_from_db()
    assert response.status == ResponseStatus.WITHDRAWN and response.member_key is None
    assert not selectors.member_has_responded(consultation=consultation, user=parent)
    again = _submit(consultation, user=parent)
    assert again.created and again.response.pk != response.pk
    assert Response.objects.filter(user=parent, status="submitted").count() == 1


def test_only_own_submitted_response_can_be_withdrawn(consultation, parent):
    other = UserFactory()
    response = _submit(consultation, user=parent).response
    with pytest.raises(ResponseRefused, match="your own"):
        services.response_withdraw(response=response, user=other)
    with pytest.raises(ResponseRefused, match="your own"):
        services.response_withdraw(response=response, user=AnonymousUser())
    drafting_member = UserFactory()
    draft = services.response_draft_save(
        consultation=consultation, user=drafting_member, answers=[], consent_quote=False, consent_contact=False
    )
    with pytest.raises(ResponseRefused, match="your own submitted"):
        services.response_withdraw(response=draft, user=drafting_member)
    services.response_withdraw(response=response, user=parent)
    with pytest.raises(ResponseRefused, match="your own submitted"):
        services.response_withdraw(response=response, user=parent)  # already withdrawn


def test_nobody_can_withdraw_an_anonymous_response(consultation):
    anonymous = _submit(consultation).response
    for nobody in (AnonymousUser(), None):
        try:
            services.response_withdraw(response=anonymous, user=nobody)
        except ResponseRefused:
            pass
        else:
            raise AssertionError(
                f"BUG: response_withdraw let {nobody!r} withdraw an anonymous response: it compares "
                "response.user_id (None) with getattr(user, 'pk', None) (also None), so nobody owns every "
                "anonymous response"
            )
    assert Response.objects.get(pk=anonymous.pk).status == ResponseStatus.SUBMITTED


def test_no_withdrawing_after_closing(consultation, parent):
    response = _submit(consultation, user=parent).response
    now = timezone.now()
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=now - timedelta(days=9), closes_at=now - timedelta(minutes=1)
    )
    response = Response.objects.select_related("consultation").get(pk=response.pk)
    with pytest.raises(ResponseRefused, match="closed"):
        services.response_withdraw(response=response, user=parent)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.member_key == parent.pk


# --- paper responses -----------------------------------------------------------------------------


def test_organiser_enters_a_paper_response_after_closing(closed_consultation, organiser):
    submission = _submit(
        closed_consultation, user=None, channel="paper", entered_by=organiser, contact_email="post@example.org"
    )
    response = submission.response
    assert submission.created and response.status == ResponseStatus.SUBMITTED
    assert response.channel == "paper" and response.entered_by == organiser and response.user is None
    assert response.member_key is None and REFERENCE.match(response.reference)
    assert response.answers.count() == len(_answers(closed_consultation))


def test_paper_responses_do_not_count_as_the_organisers_own(consultation, organiser):
    for _ in range(2):
        assert _submit(consultation, user=organiser, channel="paper", entered_by=organiser).created
    assert Response.objects.filter(user__isnull=True, channel="paper").count() == 2
    assert _submit(consultation, user=organiser).created, "the organiser may still respond once themselves"


# --- receipts ------------------------------------------------------------------------------------


def test_receipt_email_has_reference_and_answers(consultation):
    response = _submit(consultation, answers=_answers(consultation, school="<script>alert(1)</script> & Co")).response
    services.receipt_send(response=response, to="jo@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jo@example.org"]
    assert response.reference in message.subject and response.reference in message.body
    assert "1. Which school does your child go to?" in message.body
    assert "<script>alert(1)</script> & Co" in message.body, "a plain-text email shows the text as typed"
    assert "&lt;" not in message.body and "&amp;" not in message.body
    assert "Portage; Other: Sensory room" in message.body
    assert "(not answered)" in message.body
    assert not getattr(message, "alternatives", None), "no HTML part that could carry the script"
