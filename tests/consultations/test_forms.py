"""ResponseForm and DraftForm, built from every question type (an unsaved page is enough: no page tree)."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from consultations.forms import DraftForm, ResponseForm, idempotency_key_issue
from consultations.models import ConsultationPage
from tests.consultations.conftest import (
    QUESTION_SPEC,
    TEST_VISITOR,
    full_stream,
    questions_by_key,
    stream_json,
    valid_post_data,
)

pytestmark = pytest.mark.django_db  # a Page looks up its content type on creation

HUGE = "x" * 100_000
PAYLOAD = '<script>alert("pwned")</script><b onmouseover="x()">bold</b> & <i>'


class _Member:
    """Enough of a signed-in user for the form (it reads is_authenticated and email)."""

    is_authenticated = True

    def __init__(self, email="member@example.org"):
        self.email = email


@pytest.fixture
def page() -> ConsultationPage:
    return ConsultationPage(title="Short breaks", questions=full_stream())


@pytest.fixture
def q(page):
    return questions_by_key(page)


def _form(page, data, form_class=ResponseForm, user=None, visitor=TEST_VISITOR):
    return form_class(data, consultation=page, user=user if user is not None else AnonymousUser(), visitor=visitor)


def _key(page) -> str:
    """An idempotency key as the form gives it to TEST_VISITOR."""
    return idempotency_key_issue(visitor=TEST_VISITOR, consultation_id=page.pk)


def _data(page, **answers) -> dict:
    return valid_post_data(page, visitor=TEST_VISITOR, **answers)


def _single_question_page(block_type: str, **value) -> ConsultationPage:
    base = dict(next(v for _, t, v in QUESTION_SPEC if t == block_type))
    base.update(value)
    return ConsultationPage(title="One question", questions=stream_json([(block_type, base)]))


# --- valid answers ---------------------------------------------------------------------------------


def test_every_question_type_gets_a_field(page, q):
    form = ResponseForm(consultation=page, user=AnonymousUser())
    for question in q.values():
        assert question.field_name in form.fields
    assert q["services"].other_field_name in form.fields
    assert [question.number for question in q.values()] == list(range(1, 9)), "sections are not numbered"
    assert form.fields[q["school"].field_name].required and form.fields[q["option"].field_name].required
    assert not form.fields[q["story"].field_name].required


def test_valid_answers_to_every_type(page, q):
    form = _form(page, _data(page))
    assert form.is_valid(), form.errors
    rows = form.answer_rows()
    assert rows == [
        {"question_id": q["school"].id, "value_text": "Northfield Primary"},
        {"question_id": q["story"].id, "value_text": "We waited a long time for the assessment."},
        {"question_id": q["option"].id, "value_choice": "B"},
        {"question_id": q["services"].id, "value_choice": "Speech therapy", "value_text": ""},
        {"question_id": q["services"].id, "value_choice": "Portage", "value_text": ""},
        {"question_id": q["rating"].id, "value_choice": "4"},
        {"question_id": q["on_time"].id, "value_choice": "No"},
        {"question_id": q["who"].id, "value_choice": "Parent"},
        {"question_id": q["area"].id, "value_choice": "East Northfield"},
    ]


def test_optional_questions_may_be_left_blank(page, q):
    data = _data(page, story=None, services=None, rating=None, on_time=None, who=None, area=None)
    form = _form(page, data)
    assert form.is_valid(), form.errors
    assert {row["question_id"] for row in form.answer_rows()} == {q["school"].id, q["option"].id}


@pytest.mark.parametrize("answer", ["1", "2", "3", "4", "5"])
def test_every_rating_is_accepted(page, q, answer):
    form = _form(page, _data(page, rating=answer))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("answer", ["Yes", "No", "Not sure"])
def test_yes_no_answers(page, answer):
    assert _form(page, _data(page, on_time=answer)).is_valid()


# --- required questions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key,blank,message",
    [
        ("school", "", "Answer question 1: Which school does your child go to?"),
        ("school", "    ", "Answer question 1: Which school does your child go to?"),
        ("option", None, "Choose an answer to question 3: Which option do you prefer?"),
    ],
)
def test_missing_required_answer_names_the_question(page, q, key, blank, message):
    form = _form(page, _data(page, **{key: blank}))
    assert not form.is_valid()
    assert form.errors[q[key].field_name] == [message]


@pytest.mark.parametrize(
    "block_type,profile",
    [
        ("short_text", ""),
        ("long_text", ""),
        ("single_choice", ""),
        ("multiple_choice", ""),
        ("rating", ""),
        ("yes_no", ""),
        ("about_you", "respondent_type"),
        ("about_you", "area"),
    ],
)
def test_every_type_can_be_required(block_type, profile):
    extra = {"profile": profile} if profile else {}
    page = _single_question_page(block_type, question="Tell us this, please", required=True, **extra)
    (question,) = page.question_list
    form = _form(page, {"idempotency_key": _key(page)})
    assert not form.is_valid()
    (error,) = form.errors[question.field_name]
    assert "question 1" in error and "Tell us this, please" in error
    # ...and a draft does not insist.
    assert _form(page, {"idempotency_key": _key(page)}, DraftForm).is_valid()


# --- choices not offered and wrong types -----------------------------------------------------------


@pytest.mark.parametrize(
    "key,bad",
    [
        ("option", "D"),
        ("option", "a"),  # case matters: the stored value must be one of the options exactly
        ("option", ["A", "B"]),  # a list for a single choice
        ("services", ["Speech therapy", "Hydrotherapy"]),
        ("services", "Portage"),  # a string where a list is expected
        ("rating", "6"),
        ("rating", "0"),
        ("rating", "x"),
        ("rating", "4.0"),
        ("on_time", "Maybe"),
        ("who", "Councillor"),
        ("area", "Mars"),
    ],
)
def test_choice_not_offered_is_refused(page, q, key, bad):
    form = _form(page, _data(page, **{key: bad}))
    assert not form.is_valid()
    assert form.errors[q[key].field_name] == [f"Choose one of the options offered for question {q[key].number}."]


def test_a_repeated_single_choice_in_real_post_data_stores_one_answer(page, q):
    """Real POST data is a QueryDict: a radio sent twice gives one value, never two Answer rows."""
    data = QueryDict(mutable=True)
    for name, value in _data(page).items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    data.setlist(q["option"].field_name, ["A", "C"])
    form = _form(page, data)
    assert form.is_valid(), form.errors
    option_rows = [r for r in form.answer_rows() if r["question_id"] == q["option"].id]
    assert len(option_rows) == 1 and option_rows[0]["value_choice"] in {"A", "C"}


# --- text: length and HTML ---------------------------------------------------------------------------


@pytest.mark.parametrize("key,limit", [("school", "500"), ("story", "10,000")])
@pytest.mark.parametrize("form_class", [ResponseForm, DraftForm])
def test_huge_text_is_refused_with_the_length_message(page, q, key, limit, form_class):
    form = _form(page, _data(page, **{key: HUGE}), form_class)
    assert not form.is_valid()
    (error,) = form.errors[q[key].field_name]
    assert f"must be {limit} characters or fewer" in error and "100000" in error.replace(",", "")


def test_text_at_the_limit_is_accepted(page):
    form = _form(page, _data(page, school="s" * 500, story="l" * 10_000))
    assert form.is_valid(), form.errors


def test_huge_other_text_is_refused(page, q):
    form = _form(page, _data(page, services=["Other"], **{q["services"].other_field_name: HUGE}))
    assert not form.is_valid()
    errors = form.errors[q["services"].other_field_name]
    assert 'Keep "other" to 500 characters or fewer.' in errors
    assert errors == ['Keep "other" to 500 characters or fewer.'], (
        "BUG: an over-long 'Other' text also gets 'You ticked \"Other\"...: say what you mean', which is false "
        f"(they did say): ResponseForm.clean reads the other text from cleaned_data, where it is missing: {errors}"
    )


def test_html_is_kept_as_plain_text(page, q):
    data = _data(page, school=PAYLOAD, story=PAYLOAD, services=["Other"])
    data[q["services"].other_field_name] = PAYLOAD
    form = _form(page, data)
    assert form.is_valid(), form.errors
    texts = [row["value_text"] for row in form.answer_rows() if row.get("value_text")]
    assert texts == [PAYLOAD, PAYLOAD, PAYLOAD], "user text must be stored exactly as typed, not stripped or escaped"


# --- tampering -------------------------------------------------------------------------------------


def test_unknown_and_tampered_question_ids_are_ignored(page, q):
    data = _data(page)
    data[f"q_{uuid.uuid4()}"] = "injected"
    data["q_not-a-question"] = "injected"
    data[q["school"].field_name + "x"] = "injected"
    data[f"q_{uuid.uuid4()}_other"] = "injected"
    data["q_"] = "injected"
    form = _form(page, data)
    assert form.is_valid(), form.errors
    known = {question.id for question in q.values()}
    rows = form.answer_rows()
    assert {row["question_id"] for row in rows} <= known
    assert all(row.get("value_text") != "injected" and row.get("value_choice") != "injected" for row in rows)


@pytest.mark.parametrize("key", ["", "not-a-uuid", "<script>", "0713cda0-ce1b-4948-a997-cfb50729c068"])
def test_idempotency_key_must_be_one_the_form_signed(page, key):
    """A bare UUID is refused too: only a key the form signed for this visitor is accepted."""
    form = _form(page, _data(page, idempotency_key=key))
    assert not form.is_valid() and "idempotency_key" in form.errors


# --- "Other, please say" -----------------------------------------------------------------------------


def test_other_ticked_without_text_is_an_error(page, q):
    form = _form(page, _data(page, services=["Portage", "Other"]))
    assert not form.is_valid()
    assert form.errors[q["services"].other_field_name] == ['You ticked "Other" for question 4: say what you mean.']


def test_other_ticked_with_only_spaces_is_an_error(page, q):
    data = _data(page, services=["Other"], **{q["services"].other_field_name: "   "})
    form = _form(page, data)
    assert not form.is_valid() and q["services"].other_field_name in form.errors


def test_other_text_without_ticking_ticks_other(page, q):
    data = _data(page, services=["Portage"], **{q["services"].other_field_name: "  Hospital physio  "})
    form = _form(page, data)
    assert form.is_valid(), form.errors
    rows = [r for r in form.answer_rows() if r["question_id"] == q["services"].id]
    assert rows == [
        {"question_id": q["services"].id, "value_choice": "Portage", "value_text": ""},
        {"question_id": q["services"].id, "value_choice": "Other", "value_text": "Hospital physio"},
    ]


def test_other_text_alone_answers_a_required_multiple_choice_question():
    """Typing in "Other, please say" ticks Other, so it answers the question even when it is required."""
    page = _single_question_page("multiple_choice", required=True)
    (question,) = page.question_list
    data = {"idempotency_key": _key(page), question.other_field_name: "Hospital physio"}
    form = _form(page, data)
    assert form.is_valid(), (
        "BUG: other text without a tick should tick Other (ResponseForm.clean), but a required multiple-choice "
        f"question is refused first by the field's own required check: {form.errors.as_data()}"
    )
    assert form.answer_rows() == [
        {"question_id": question.id, "value_choice": "Other", "value_text": "Hospital physio"}
    ]


def test_answer_rows_one_per_ticked_option_with_other_text_beside_other(page, q):
    data = _data(page, services=["Speech therapy", "Short breaks", "Portage", "Other"])
    data[q["services"].other_field_name] = "Sensory room"
    form = _form(page, data)
    assert form.is_valid(), form.errors
    rows = [(r["value_choice"], r["value_text"]) for r in form.answer_rows() if r["question_id"] == q["services"].id]
    assert rows == [("Speech therapy", ""), ("Short breaks", ""), ("Portage", ""), ("Other", "Sensory room")]


def test_other_text_is_not_stored_when_question_has_no_other():
    page = _single_question_page("multiple_choice", allow_other=False)
    (question,) = page.question_list
    form = _form(
        page, {"idempotency_key": _key(page), question.field_name: ["Portage"], question.other_field_name: "x"}
    )
    assert form.is_valid(), form.errors
    assert form.answer_rows() == [{"question_id": question.id, "value_choice": "Portage", "value_text": ""}]
    assert question.other_field_name not in form.fields


# --- consent and email -------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["consent_contact", "send_receipt"])
def test_contact_or_receipt_without_email_is_an_error_for_anonymous(page, flag):
    form = _form(page, _data(page, **{flag: "on"}))
    assert not form.is_valid()
    assert form.errors["contact_email"] == ["Give an email address so we can send it to you."]


@pytest.mark.parametrize("flag", ["consent_contact", "send_receipt"])
def test_contact_with_an_email_is_fine(page, flag):
    form = _form(page, _data(page, **{flag: "on", "contact_email": "jo@example.org"}))
    assert form.is_valid(), form.errors
    assert form.cleaned_data[flag] is True and form.cleaned_data["contact_email"] == "jo@example.org"


def test_member_without_typed_email_uses_their_account_email(page):
    form = _form(page, _data(page, consent_contact="on"), user=_Member())
    assert form.is_valid(), form.errors
    assert form.fields["contact_email"].help_text == "Leave blank to use member@example.org."


def test_bad_email_is_refused(page):
    form = _form(page, _data(page, contact_email="not an email"))
    assert not form.is_valid() and "contact_email" in form.errors


def test_consents_default_to_no(page):
    form = _form(page, _data(page))
    assert form.is_valid()
    assert form.cleaned_data["consent_quote"] is False and form.cleaned_data["consent_contact"] is False


# --- drafts ------------------------------------------------------------------------------------------


def test_draft_skips_required_but_still_checks_choices_and_lengths(page, q):
    empty = {"idempotency_key": _key(page)}
    form = _form(page, empty, DraftForm)
    assert form.is_valid(), form.errors
    assert form.answer_rows() == []

    form = _form(page, {**empty, q["option"].field_name: "Z", q["rating"].field_name: "9"}, DraftForm)
    assert not form.is_valid()
    assert set(form.errors) == {q["option"].field_name, q["rating"].field_name}


def test_draft_checks_other_and_email(page, q):
    form = _form(page, {"idempotency_key": _key(page), q["services"].field_name: ["Other"]}, DraftForm)
    assert not form.is_valid() and q["services"].other_field_name in form.errors
