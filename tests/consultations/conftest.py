"""Consultation fixtures: the index page, a factory for published consultations, valid POST data."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from consultations.forms import idempotency_key_issue
from consultations.models import ConsultationIndexPage, ConsultationPage

# Stands in for a visitor's secret in form-level tests (views bind the key to the visitor's CSRF secret).
TEST_VISITOR = "a-test-visitors-csrf-secret"

# Every question type, in the order the form shows them. The key names each question in tests.
QUESTION_SPEC: list[tuple[str, str, dict]] = [
    ("section", "section", {"title": "Your experience", "intro": "Tell us what happened."}),
    (
        "school",
        "short_text",
        {"question": "Which school does your child go to?", "help_text": "The name is enough.", "required": True},
    ),
    ("story", "long_text", {"question": "Tell us about your experience", "required": False}),
    (
        "option",
        "single_choice",
        {"question": "Which option do you prefer?", "choices": ["A", "B", "C"], "required": True},
    ),
    (
        "services",
        "multiple_choice",
        {
            "question": "Which services have you used?",
            "choices": ["Speech therapy", "Short breaks", "Portage"],
            "allow_other": True,
            "required": False,
        },
    ),
    (
        "rating",
        "rating",
        {"question": "How would you rate the local offer?", "low_label": "Very poor", "high_label": "Very good"},
    ),
    ("on_time", "yes_no", {"question": "Was the plan finished within 20 weeks?"}),
    ("who", "about_you", {"question": "Who are you responding as?", "profile": "respondent_type"}),
    ("area", "about_you", {"question": "Where do you live?", "profile": "area"}),
]
QUESTION_KEYS = [key for key, block_type, _ in QUESTION_SPEC if block_type != "section"]

# A valid answer for each question (by key), as POST data values.
VALID_ANSWERS: dict[str, object] = {
    "school": "Northfield Primary",
    "story": "We waited a long time for the assessment.",
    "option": "B",
    "services": ["Speech therapy", "Portage"],
    "rating": "4",
    "on_time": "No",
    "who": "Parent",
    "area": "East Northfield",
}

_slugs = itertools.count(1)


def stream_json(blocks: list[tuple[str, dict]]) -> str:
    """A questions StreamField value as JSON, each block with a fresh UUID (its question id)."""
    return json.dumps([{"type": t, "value": v, "id": str(uuid.uuid4())} for t, v in blocks])


def full_stream() -> str:
    return stream_json([(block_type, value) for _, block_type, value in QUESTION_SPEC])


def short_text_stream(count: int) -> str:
    """`count` optional short-text questions (for query-count checks)."""
    return stream_json([("short_text", {"question": f"Question number {n}?"}) for n in range(1, count + 1)])


def questions_by_key(page: ConsultationPage) -> dict:
    """{key: Question} for a consultation built from QUESTION_SPEC."""
    questions = page.question_list
    assert len(questions) == len(QUESTION_KEYS)
    return dict(zip(QUESTION_KEYS, questions, strict=True))


def form_key(client, page: ConsultationPage) -> str:
    """The idempotency key the response form gives this browser (it is bound to the browser that opened it)."""
    response = client.get(page.url + "respond/")
    field = BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "idempotency_key"})
    assert field is not None, f"the response form was not shown (status {response.status_code})"
    return field["value"]


def valid_post_data(page: ConsultationPage, *, client=None, visitor: str | None = None, **answers) -> dict:
    """POST data answering every question of a QUESTION_SPEC consultation, with a fresh idempotency key.

    The key: with `client`, the one the form gives that browser (it opens the form first); with `visitor`,
    one signed for that visitor secret (for form-level tests); otherwise a plain UUID, as the admin's paper
    response form takes (the public form refuses a plain key).
    Keyword arguments replace answers by question key (None leaves the question out); any other name in
    `answers` that is not a question key is put in the data as it is (e.g. consent_contact="on").
    """
    questions = questions_by_key(page)
    if client is not None:
        key = form_key(client, page)
    elif visitor is not None:
        key = idempotency_key_issue(visitor=visitor, consultation_id=page.pk)
    else:
        key = str(uuid.uuid4())
    data: dict = {"idempotency_key": key}
    for key, question in questions.items():
        value = answers.pop(key, VALID_ANSWERS[key])
        if value is not None:
            data[question.field_name] = value
    data.update(answers)
    return data


@pytest.fixture
def consultation_index(home_page) -> ConsultationIndexPage:
    # The demo loader behind `home_page` already makes the (one allowed) index at /consultations/.
    index = ConsultationIndexPage.objects.child_of(home_page).first()
    assert index is not None
    return index


@pytest.fixture
def make_consultation(consultation_index):
    """make_consultation(**overrides) -> a published ConsultationPage, open from yesterday for a week."""

    def make(**overrides) -> ConsultationPage:
        now = timezone.now()
        n = next(_slugs)
        fields = {
            "title": f"Consultation {n}: short breaks",
            "slug": f"consultation-{n}",
            "summary": "What should short breaks for disabled children look like?",
            "run_by": "Northfield Council SEND service",
            "contact_email": "send@example.org",
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=7),
            "questions": full_stream(),
        }
        fields.update(overrides)
        page = ConsultationPage(**fields)
        consultation_index.add_child(instance=page)
        page.save_revision().publish()
        return ConsultationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def consultation(make_consultation) -> ConsultationPage:
    return make_consultation()


@pytest.fixture
def closed_consultation(make_consultation) -> ConsultationPage:
    now = timezone.now()
    return make_consultation(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))


@pytest.fixture
def upcoming_consultation(make_consultation) -> ConsultationPage:
    now = timezone.now()
    return make_consultation(opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=30))


@pytest.fixture
def post_data():
    """post_data(page, **answers) -> valid POST data (see valid_post_data)."""
    return valid_post_data
