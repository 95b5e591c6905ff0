"""The response form, built from a consultation's question blocks. No JavaScript needed."""

from __future__ import annotations

import uuid

from django import forms
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .blocks import LONG_TEXT_MAX, SHORT_TEXT_MAX
from .questions import Question

CONSENT_QUOTE_LABEL = "You may quote my words in what you publish, without my name"
CONSENT_CONTACT_LABEL = "You may contact me about the outcome of this consultation"

IDEMPOTENCY_SALT = "consultations.idempotency"
KEY_NOT_YOURS = (
    "We could not check that this form was opened in this browser, so nothing has been saved. This happens if "
    "the form was copied from another browser or device, or if you signed in or out since opening it. "
    'Check your answers and press "Send my response" again.'
)


def visitor_digest(visitor: str) -> str:
    """A one-way digest of the visitor's secret: it goes into the page, the secret itself never does."""
    return salted_hmac(f"{IDEMPOTENCY_SALT}.visitor", visitor).hexdigest()[:32]


def idempotency_key_issue(*, visitor: str, consultation_id: int, key: uuid.UUID | None = None) -> str:
    """A fresh idempotency key for the hidden field, signed together with who it was given to and where."""
    payload = [str(key or uuid.uuid4()), consultation_id, visitor_digest(visitor)]
    return signing.dumps(payload, salt=IDEMPOTENCY_SALT)


def idempotency_key_read(*, signed: str, visitor: str | None, consultation_id: int) -> uuid.UUID | None:
    """The key inside `signed` if it was issued to this visitor for this consultation, else None."""
    if not visitor or not signed:
        return None  # fail closed: a public form built without a visitor accepts no key
    try:
        key, issued_for, digest = signing.loads(signed, salt=IDEMPOTENCY_SALT)
        key = uuid.UUID(key)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if issued_for != consultation_id or not constant_time_compare(digest, visitor_digest(visitor)):
        return None
    return key


class VisitorKeyField(forms.CharField):
    """The hidden idempotency key: valid only back from the visitor it was issued to (see views._visitor).

    Cleans to the UUID inside, so services see a plain key. `visitor` and `consultation_id` are set by the form.
    """

    widget = forms.HiddenInput
    default_error_messages = {"required": KEY_NOT_YOURS, "invalid": KEY_NOT_YOURS}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.visitor: str | None = None
        self.consultation_id: int | None = None

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        if len(value) > 300:  # a real key is about 120 characters
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        key = idempotency_key_read(signed=value, visitor=self.visitor, consultation_id=self.consultation_id)
        if key is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return key


def _text_field(question: Question) -> forms.CharField:
    limit = SHORT_TEXT_MAX if question.kind == "short_text" else LONG_TEXT_MAX
    widget = forms.TextInput() if question.kind == "short_text" else forms.Textarea(attrs={"rows": 6})
    return forms.CharField(
        max_length=limit,
        widget=widget,
        error_messages={
            "required": f"Answer question {question.number}: {question.text}",
            "max_length": f"Your answer to question {question.number} must be {limit:,} characters or fewer "
            "(it has %(show_value)d).",
        },
    )


def _choice_field(question: Question) -> forms.Field:
    choices = [(c, c) for c in question.choices]
    required_message = f"Choose an answer to question {question.number}: {question.text}"
    invalid = f"Choose one of the options offered for question {question.number}."
    if question.kind == "multiple_choice":
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": required_message, "invalid_choice": invalid, "invalid_list": invalid},
        )
    if question.kind == "rating":
        labels = {"1": f"1 ({question.low_label})", "5": f"5 ({question.high_label})"}
        choices = [(c, labels.get(c, c)) for c in question.choices]
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": invalid},
    )


def choice_count_problem(question: Question, ticked: int, *, minimum: bool = True) -> str:
    """Why `ticked` options is the wrong number for a multiple-choice question ("" if it is fine).

    A question left unanswered is fine here (whether it must be answered is the "required" check)."""
    low, high = question.min_choices, question.max_choices
    if not ticked or not (high and ticked > high or minimum and low and ticked < low):
        return ""
    wanted = question.limits_hint.removesuffix(".")  # the hint under the question: "Choose up to 3"
    return f"{wanted} answer{'' if wanted.endswith(' 1') else 's'} to question {question.number} (you chose {ticked})."


class ResponseForm(forms.Form):
    """Fields are named after each question's stable id: `q_<id>`, and `q_<id>_other` for "Other"."""

    idempotency_key = VisitorKeyField()
    consent_quote = forms.BooleanField(required=False, label=CONSENT_QUOTE_LABEL)
    consent_contact = forms.BooleanField(required=False, label=CONSENT_CONTACT_LABEL)
    contact_email = forms.EmailField(
        required=False,
        label="Email address",
        help_text="For a receipt with a copy of your answers, or if you would like to hear about the outcome.",
        max_length=254,
    )
    send_receipt = forms.BooleanField(required=False, label="Email me a receipt with a copy of my answers")

    _enforce_required = True
    # "Choose at least N": checked on a finished response, not on a draft (it may be half done).
    _enforce_minimum = True

    def __init__(self, *args, consultation, user=None, visitor: str | None = None, **kwargs):
        """`visitor`: a secret belonging to whoever is filling in the form (views._visitor); the idempotency
        key is signed for it, and a key signed for anyone else is refused."""
        self.consultation = consultation
        self.user = user
        self.visitor = visitor
        self.questions: list[Question] = consultation.question_list
        kwargs.setdefault("initial", {})
        if "idempotency_key" not in kwargs["initial"]:
            kwargs["initial"]["idempotency_key"] = self._new_key()
        super().__init__(*args, **kwargs)
        key_field = self.fields["idempotency_key"]
        if isinstance(key_field, VisitorKeyField):
            key_field.visitor, key_field.consultation_id = visitor, consultation.pk
        for question in self.questions:
            field = _text_field(question) if question.is_text else _choice_field(question)
            # With "Other, please say", typing in the box answers the question: checked in clean().
            field.required = question.required and not question.allow_other
            field.shown_required = question.required
            field.label = f"{question.number}. {question.text}"
            field.help_text = " ".join(text for text in (question.help_text, question.limits_hint) if text)
            self.fields[question.field_name] = field
            if question.allow_other:
                self.fields[question.other_field_name] = forms.CharField(
                    required=False,
                    max_length=SHORT_TEXT_MAX,
                    label=f"Question {question.number}: other, please say",
                    error_messages={"max_length": f'Keep "other" to {SHORT_TEXT_MAX} characters or fewer.'},
                )
        if user is not None and user.is_authenticated:
            self.fields["contact_email"].help_text = f"Leave blank to use {user.email}."

    def _new_key(self):
        if not self.visitor:
            return ""  # nothing to bind to: the form will refuse any key (see VisitorKeyField)
        return idempotency_key_issue(visitor=self.visitor, consultation_id=self.consultation.pk)

    def sections(self):
        """(section, [(question, bound field, bound 'other' field or None)]) for the template."""
        for section in self.consultation.sections:
            rows = []
            for q in section.questions:
                other = self[q.other_field_name] if q.allow_other else None
                rows.append((q, self[q.field_name], other))
            yield section, rows

    def clean(self):
        data = super().clean()
        if "idempotency_key" in self.errors and isinstance(self.fields["idempotency_key"], VisitorKeyField):
            # Shown again with a key of this visitor's own, so "Send" works next time (and saves once).
            self.data = self.data.copy()
            self.data[self.add_prefix("idempotency_key")] = self._new_key()
        for q in self.questions:
            if not q.allow_other or q.field_name in self.errors:
                continue
            ticked = "Other" in (data.get(q.field_name) or [])
            other_text = (data.get(q.other_field_name) or "").strip()
            if q.other_field_name in self.errors:
                continue  # the text is there but too long: that error is enough
            if ticked and not other_text:
                self.add_error(q.other_field_name, f'You ticked "Other" for question {q.number}: say what you mean.')
            if other_text and not ticked:
                data[q.field_name] = [*(data.get(q.field_name) or []), "Other"]
            if q.required and self._enforce_required and not data.get(q.field_name):
                self.add_error(q.field_name, f"Choose an answer to question {q.number}: {q.text}")
        for q in self.questions:
            if q.kind == "multiple_choice" and q.field_name not in self.errors:
                # A tampered form can send one option several times: it counts (and is stored) once.
                ticked = list(dict.fromkeys(data.get(q.field_name) or []))
                data[q.field_name] = ticked
                problem = choice_count_problem(q, len(ticked), minimum=self._enforce_minimum)
                if problem:
                    self.add_error(q.field_name, problem)
        email = data.get("contact_email") or (self.user.email if self.user and self.user.is_authenticated else "")
        if (data.get("consent_contact") or data.get("send_receipt")) and not email:
            self.add_error("contact_email", "Give an email address so we can send it to you.")
        return data

    def answer_rows(self) -> list[dict]:
        """One dict per Answer row (a multiple-choice answer gives one row per ticked option)."""
        rows = []
        for q in self.questions:
            value = self.cleaned_data.get(q.field_name)
            if q.is_text:
                text = (value or "").strip()
                if text:
                    rows.append({"question_id": q.id, "value_text": text})
            elif q.kind == "multiple_choice":
                for choice in value or []:
                    text = self.cleaned_data.get(q.other_field_name, "").strip() if choice == "Other" else ""
                    rows.append({"question_id": q.id, "value_choice": choice, "value_text": text})
            elif value:
                rows.append({"question_id": q.id, "value_choice": value})
        return rows


class DraftForm(ResponseForm):
    """Saving a draft checks lengths and choices but not that required questions are answered."""

    _enforce_required = False
    _enforce_minimum = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "idempotency_key":
                # Still shown as required (no "(optional)"), just not enforced until the final submit.
                field.shown_required = field.required or getattr(field, "shown_required", False)
                field.required = False


class PaperResponseForm(ResponseForm):
    """An organiser types in a response received on paper or by phone, recorded as such.

    Questions the respondent left blank on paper stay blank: nothing is required but the channel and at
    least one answer. The number of options ticked is checked as on the public form.
    """

    _enforce_required = False

    # Typed in by an organiser in the admin: a plain key, not bound to a visitor (the admin is staff-only).
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        choices=[("paper", "Paper form"), ("phone", "Phone")], label="How was this response received?"
    )
    field_order = ["channel"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, user=None, **kwargs)
        del self.fields["send_receipt"]
        for name, field in self.fields.items():
            if name not in ("idempotency_key", "channel"):
                field.required = False

    def clean(self):
        data = super().clean()
        if not self.errors and not self.answer_rows():
            # Submitted empty (the channel always has a value, so that alone is not a response).
            raise forms.ValidationError(
                "Nothing has been saved: this response has no answers. Type in at least one answer from the "
                "paper form or the phone call.",
                code="empty",
            )
        return data


class ResultsOptionsForm(forms.Form):
    """The results screen's choices, sent by GET. Only shown: what is applied is read (and checked) by
    selectors.results_filter_from_param and results_for_consultation, so a tampered value is ignored there."""

    filter = forms.ChoiceField(required=False, label="Only responses where")
    compare = forms.ChoiceField(required=False, label="Compare by")
    published = forms.BooleanField(required=False, label='Show as published (counts under 5 as "fewer than 5")')

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        profile = [q for q in consultation.question_list if q.is_profile]
        self.fields["filter"].choices = [("", "Everyone")] + [
            (q.text, [(f"{q.id}:{choice}", choice) for choice in q.choices]) for q in profile
        ]
        self.fields["compare"].choices = [("", "Nothing")] + [(q.id, q.text) for q in profile]
