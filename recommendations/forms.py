"""Staff forms for the tracker. They check types and lengths; the rules live in services.py, whose
ValidationError the views put beside these fields (`form.add_error(None, error)`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from forum_site.accounts import roles
from forum_site.core.ids import IdsChoiceField

from .imports import ENCODINGS, MAX_ROWS, max_bytes
from .models import ImplementationStatus, Rag, Recommendation, ResponseDecision, ScrutinyReviewPage, SignOffState


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str, *, required: bool = False, help_text: str = "", what: str = "") -> forms.DateField:
    """A date field; `what` names it in messages when the label is longer than a name ("revised target date")."""
    what = what or label.lower()
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": f"Enter a real date for “{what}”, e.g. 2026-03-27."},
    )


def _text(
    label: str, max_length: int, *, required: bool = False, rows: int | None = None, help_text: str = "", what: str = ""
):
    name = what[:1].upper() + what[1:] if what else label
    what = what or label.lower()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "max_length": f"“{name}” must be {max_length:,} characters or fewer (it has %(show_value)d).",
            "required": f"Enter “{what}”.",
        },
    )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="The cabinet's response",
        choices=ResponseDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the cabinet's response.",
            "invalid_choice": "Choose one of the responses offered.",
        },
    )
    response_reasons = _text(
        "Reasons",
        10000,
        rows=6,
        help_text="Needed if the cabinet partially agreed or rejected it: its reasons, as it gave them.",
    )
    response_decided_on = _date(
        "Decision date", help_text="The date of the cabinet meeting. Leave empty while awaited."
    )
    cabinet_member = _text("Responsible cabinet member", 200)
    lead_officer_name = _text("Lead officer", 200, help_text="The name shown publicly.")
    target_date = _date("Target date")

    @classmethod
    def initial_for(cls, recommendation: Recommendation) -> dict:
        return {name: getattr(recommendation, name) for name in cls.base_fields}


class UpdateForm(forms.Form):
    date = _date("Date of this update", required=True)
    status = forms.ChoiceField(
        label="Status",
        choices=ImplementationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status.", "invalid_choice": "Choose one of the statuses offered."},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose red, amber or green.", "invalid_choice": "Choose red, amber or green."},
    )
    percent_complete = forms.IntegerField(
        label="Percentage complete",
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the percentage complete, from 0 to 100.",
            "invalid": "Enter the percentage complete as a whole number from 0 to 100.",
            "min_value": "The percentage complete must be from 0 to 100.",
            "max_value": "The percentage complete must be from 0 to 100.",
        },
    )
    narrative = _text("What has happened", 10000, required=True, rows=6)
    evidence_links = _text("Evidence links", 3000, rows=3, help_text="Web addresses, one a line.")
    # Needed only when the status is Slipped (services.update_add checks, and says so beside the field): the
    # label and hint say so; the field is never marked "(optional)" nor required.
    revised_target_date = _date(
        "Revised target date, if slipped",
        help_text="Needed if the status is Slipped: the date you now expect it to be done.",
        what="revised target date",
    )
    slip_reason = _text(
        "Reason for the slip, if slipped",
        2000,
        rows=3,
        help_text="Needed if the status is Slipped: what held it up, in a sentence or two.",
        what="reason for the slip",
    )

    def __init__(self, *args, has_actions: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_actions:
            # With actions the percentage is their roll-up.
            del self.fields["percent_complete"]
        else:
            # Without actions the officer gives it (services.update_add checks it again, for both cases).
            self.fields["percent_complete"].required = True

    @staticmethod
    def initial_for(recommendation: Recommendation) -> dict:
        """The form starts from where the recommendation is now: today, and its current status, RAG and percentage."""
        return {
            "date": timezone.localdate(),
            "status": recommendation.status,
            "rag": recommendation.rag,
            "percent_complete": recommendation.percent_complete,
        }

    def clean_evidence_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["evidence_links"].splitlines() if line.strip()]


class ActionForm(forms.Form):
    title = _text("Action", 255, required=True)
    owner = _text("Owner", 200, help_text="Who is responsible, e.g. Head of SEND Assessment.")
    target_date = _date("Target date")


class ActionProgressForm(forms.Form):
    percent_complete = forms.IntegerField(
        label="Percentage complete",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the percentage complete, from 0 to 100.",
            "invalid": "Enter the percentage complete as a whole number from 0 to 100.",
            "min_value": "The percentage complete must be from 0 to 100.",
            "max_value": "The percentage complete must be from 0 to 100.",
        },
    )


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(SignOffState.ACHIEVED, "Achieved: sign it off"), (SignOffState.SENT_BACK, "Send it back")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose achieved or send back.", "invalid_choice": "Choose achieved or send back."},
    )
    comment = _text(
        "Comment", 4000, rows=4, help_text="Needed if you send it back: say what more the officer should do."
    )


class NoteForm(forms.Form):
    text = _text(
        "Internal note", 4000, required=True, rows=5, help_text="Seen only by scrutiny members. Never published."
    )


class ImportUploadForm(forms.Form):
    review = forms.ModelChoiceField(
        label="Review",
        queryset=ScrutinyReviewPage.objects.order_by("-adopted_on", "title"),
        # By the page's own integer column: a tampered, too-large id is then "not offered", not a 500.
        to_field_name="id",
        error_messages={"required": "Choose the review.", "invalid_choice": "Choose one of the reviews offered."},
    )
    file = forms.FileField(
        label="Spreadsheet",
        error_messages={"required": "Choose a CSV or Excel file.", "empty": "The file is empty."},
    )
    encoding = forms.ChoiceField(
        label="Text encoding",
        choices=list(ENCODINGS.items()),
        initial="utf-8",
        required=False,  # a form posted without it reads as UTF-8
        widget=forms.RadioSelect,
        help_text="For CSV files only. Keep UTF-8 unless the file was saved as plain “CSV” by Excel on Windows "
        "and UTF-8 gives an error.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = f"CSV or Excel (.xlsx), at most {megabytes} MB and {MAX_ROWS} rows."

    def clean_encoding(self) -> str:
        return self.cleaned_data["encoding"] or "utf-8"


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.email})"


class RecommendationAdminForm(WagtailAdminModelForm):
    """The organisers' create/edit form. The response is recorded through services.response_record, so its
    history is kept; the officer is chosen from council officer accounts only."""

    class Meta:
        model = Recommendation
        fields = ["review", "reference", "position", "title", "text", "themes", "addressed_to", "officer"]
        widgets = {"themes": forms.CheckboxSelectMultiple}
        field_classes = {"themes": IdsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The review by `id` (the page's own integer column) rather than `pk` (its link to the page): a
        # tampered id too big for the database is then "not one of the choices", not an error.
        self.fields["review"].to_field_name = "id"
        from forum_site.accounts.models import User

        self.fields["officer"] = OfficerChoiceField(
            queryset=User.objects.filter(groups__name=roles.OFFICERS, is_active=True).order_by("display_name"),
            required=False,
            label="Officer",
            help_text="The council officer account that records the response and updates.",
        )
