"""How many options a multiple-choice question takes: the editor's fields, the respondent's hint, and one
server-side check used by the public form, drafts and the organisers' paper or phone form."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError

from consultations.blocks import MultipleChoiceBlock
from consultations.forms import DraftForm, PaperResponseForm, ResponseForm
from consultations.models import ConsultationPage, Response
from forum_site.demo.consultations import demo_consultations_load
from tests.conftest import sign_in
from tests.consultations.conftest import QUESTION_SPEC, TEST_VISITOR, questions_by_key, stream_json, valid_post_data

pytestmark = pytest.mark.django_db

SERVICES = ["Speech therapy", "Short breaks", "Portage", "Other"]  # "Other": the question allows it


def _stream(**limits) -> str:
    """The conftest consultation, its multiple-choice question ("services", question 4) given `limits`."""
    blocks = []
    for key, block_type, value in QUESTION_SPEC:
        blocks.append((block_type, {**value, **limits} if key == "services" else value))
    return stream_json(blocks)


def _page(**limits) -> ConsultationPage:
    return ConsultationPage(title="Short breaks", questions=_stream(**limits))


def _form(page, form_class=ResponseForm, **answers):
    data = valid_post_data(page, visitor=TEST_VISITOR, **answers)
    if form_class is PaperResponseForm:
        data = valid_post_data(page, channel="paper", **answers)
        return form_class(data, consultation=page)
    return form_class(data, consultation=page, user=AnonymousUser(), visitor=TEST_VISITOR)


def _errors(form, page) -> list[str]:
    assert not form.is_valid()
    return form.errors.get(questions_by_key(page)["services"].field_name, [])


# --- the editor's fields --------------------------------------------------------------------------


def _block_value(**fields):
    block = MultipleChoiceBlock()
    value = {"question": "Which services?", "choices": ["A", "B", "C"], "allow_other": False, **fields}
    return block, block.to_python(value)


@pytest.mark.parametrize(
    ("fields", "field_in_error", "message"),
    [
        ({"max_choices": 4}, "max_choices", "There are only 3 options to choose from"),
        ({"min_choices": 4}, "min_choices", "There are only 3 options to choose from"),
        (
            {"min_choices": 3, "max_choices": 2},
            "min_choices",
            "The fewest options (3) cannot be more than the most (2).",
        ),
        ({"max_choices": 0}, "max_choices", "greater than or equal to 1"),
        ({"min_choices": -1}, "min_choices", "greater than or equal to 1"),
    ],
)
def test_editor_limits_must_fit_the_options(fields, field_in_error, message):
    block, value = _block_value(**fields)
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert list(error.value.block_errors) == [field_in_error]
    assert message in " ".join(error.value.block_errors[field_in_error].messages)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"max_choices": 3},
        {"min_choices": 1, "max_choices": 1},
        {"min_choices": 2},
        {"max_choices": 4, "allow_other": True},
    ],
)
def test_editor_limits_that_fit_are_accepted(fields):
    block, value = _block_value(**fields)
    assert block.clean(value)["max_choices"] == fields.get("max_choices")


# --- the respondent's hint ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limits", "hint"),
    [
        ({"max_choices": 3}, "Choose up to 3."),
        ({"min_choices": 2}, "Choose at least 2."),
        ({"min_choices": 2, "max_choices": 3}, "Choose between 2 and 3."),
        ({"min_choices": 2, "max_choices": 2}, "Choose 2."),
    ],
)
def test_the_hint_says_how_many_to_choose(limits, hint):
    page = _page(help_text="Think about the last year.", **limits)
    field = ResponseForm(consultation=page, user=AnonymousUser()).fields[questions_by_key(page)["services"].field_name]
    assert field.help_text == f"Think about the last year. {hint}"


def test_no_limit_no_hint():
    page = _page()
    field = ResponseForm(consultation=page, user=AnonymousUser()).fields[questions_by_key(page)["services"].field_name]
    assert field.help_text == ""


def test_the_hint_is_on_the_public_form(client, make_consultation):
    page = make_consultation(questions=_stream(max_choices=2))
    field_name = questions_by_key(page)["services"].field_name
    soup = BeautifulSoup(client.get(page.url + "respond/").content, "html.parser")
    fieldset = soup.find("input", attrs={"name": field_name}).find_parent("fieldset")
    hint = soup.find(id=f"id_{field_name}-hint")
    assert hint is not None and hint.get_text(strip=True) == "Choose up to 2."
    assert f"id_{field_name}-hint" in fieldset["aria-describedby"]


# --- the check when it is sent --------------------------------------------------------------------


def test_too_many_is_refused_with_the_limit_and_the_count():
    page = _page(max_choices=2)
    errors = _errors(_form(page, services=["Speech therapy", "Short breaks", "Portage"]), page)
    assert errors == ["Choose up to 2 answers to question 4 (you chose 3)."]


def test_too_few_is_refused():
    page = _page(min_choices=2)
    errors = _errors(_form(page, services=["Portage"]), page)
    assert errors == ["Choose at least 2 answers to question 4 (you chose 1)."]


def test_exactly_n_says_so():
    page = _page(min_choices=2, max_choices=2)
    assert _errors(_form(page, services=["Portage"]), page) == ["Choose 2 answers to question 4 (you chose 1)."]
    page = _page(min_choices=1, max_choices=1)
    assert _errors(_form(page, services=["Portage", "Short breaks"]), page) == [
        "Choose 1 answer to question 4 (you chose 2)."
    ]


def test_within_the_limits_is_accepted():
    page = _page(min_choices=2, max_choices=3)
    form = _form(page, services=["Speech therapy", "Portage", "Short breaks"])
    assert form.is_valid(), form.errors


def test_an_optional_question_left_blank_is_not_too_few():
    page = _page(min_choices=2)
    form = _form(page, services=None)
    assert form.is_valid(), form.errors


def test_other_typed_in_counts_as_a_choice():
    """Typing in "Other, please say" ticks "Other": it counts towards the limit like any other option."""
    page = _page(max_choices=2)
    other = questions_by_key(page)["services"].other_field_name
    errors = _errors(_form(page, services=["Speech therapy", "Portage"], **{other: "A charity helpline"}), page)
    assert errors == ["Choose up to 2 answers to question 4 (you chose 3)."]


def test_a_tampered_option_is_refused_not_counted():
    page = _page(max_choices=3)
    errors = _errors(_form(page, services=["Speech therapy", "Free pony", "Portage"]), page)
    assert errors == ["Choose one of the options offered for question 4."]


def test_one_option_sent_several_times_counts_once():
    page = _page(min_choices=2)
    assert _errors(_form(page, services=["Portage", "Portage", "Portage"]), page) == [
        "Choose at least 2 answers to question 4 (you chose 1)."
    ]
    page = _page(max_choices=2)
    form = _form(page, services=["Portage", "Portage", "Portage", "Speech therapy"])
    assert form.is_valid(), form.errors
    services = questions_by_key(page)["services"].id
    assert [r["value_choice"] for r in form.answer_rows() if r["question_id"] == services] == [
        "Portage",
        "Speech therapy",
    ]


def test_a_draft_may_have_too_few_but_never_too_many():
    page = _page(min_choices=2, max_choices=2)
    assert _form(page, DraftForm, services=["Portage"]).is_valid()
    assert _errors(_form(page, DraftForm, services=["Portage", "Short breaks", "Speech therapy"]), page) == [
        "Choose 2 answers to question 4 (you chose 3)."
    ]


def test_the_paper_form_uses_the_same_check():
    page = _page(min_choices=2, max_choices=3)
    assert _errors(_form(page, PaperResponseForm, services=SERVICES[:1]), page) == [
        "Choose between 2 and 3 answers to question 4 (you chose 1)."
    ]
    other = questions_by_key(page)["services"].other_field_name
    assert _errors(_form(page, PaperResponseForm, services=SERVICES, **{other: "Sleep clinic"}), page) == [
        "Choose between 2 and 3 answers to question 4 (you chose 4)."
    ]
    assert _form(page, PaperResponseForm, services=SERVICES[:2]).is_valid()


def test_too_many_through_the_public_form_stores_nothing(client, make_consultation):
    page = make_consultation(questions=_stream(max_choices=2))
    data = valid_post_data(page, client=client, services=["Speech therapy", "Short breaks", "Portage"])
    response = client.post(page.url + "respond/", data)
    assert response.status_code == 200
    assert "Choose up to 2 answers to question 4 (you chose 3)." in response.content.decode()
    assert not Response.objects.filter(consultation=page).exists()


def test_too_many_through_the_paper_form_stores_nothing(client, organiser, make_consultation):
    page = make_consultation(questions=_stream(max_choices=2))
    sign_in(client, organiser)
    url = reverse("consultation_results:paper-response", args=[page.pk])
    response = client.post(url, valid_post_data(page, channel="phone", services=SERVICES[:3]))
    assert response.status_code == 200
    assert "Choose up to 2 answers to question 4 (you chose 3)." in response.content.decode()
    assert not Response.objects.filter(consultation=page).exists()


def test_the_demo_question_7_takes_up_to_three(client, home_page):
    demo_consultations_load(home_page)
    page = ConsultationPage.objects.get(slug="semh-autism-pathway")
    q7 = next(q for q in page.question_list if q.number == 7)
    assert q7.kind == "multiple_choice" and q7.max_choices == 3 and q7.limits_hint == "Choose up to 3."
    form = ResponseForm(
        {q7.field_name: list(q7.choices)}, consultation=page, user=AnonymousUser(), visitor=TEST_VISITOR
    )
    assert not form.is_valid()
    assert form.errors[q7.field_name] == [f"Choose up to 3 answers to question 7 (you chose {len(q7.choices)})."]
