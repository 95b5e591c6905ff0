"""The follow button's form (also used by "What you follow" to change how often or stop)."""

from __future__ import annotations

from django import forms

from forum_site.core.ids import MAX_ID

from . import selectors
from .models import Frequency


class FollowForm(forms.Form):
    FOLLOW = "follow"
    STOP = "stop"

    content_type = forms.CharField(max_length=100, widget=forms.HiddenInput)
    object_id = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(FOLLOW, "Follow"), (STOP, "Stop following")], widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose how often you want emails: each time, or once a day."},
    )
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def clean_content_type(self) -> str:
        label = self.cleaned_data["content_type"].strip().lower()
        if selectors.followable_model(label) is None:
            raise forms.ValidationError("This cannot be followed.")
        return label

    def clean_frequency(self) -> str:
        return self.cleaned_data.get("frequency") or Frequency.IMMEDIATE


class PreferencesForm(forms.Form):
    """A member's email settings ("Follow topics I start"), as yes/no radios so a tampered value is refused."""

    YES, NO = "yes", "no"

    follow_started = forms.TypedChoiceField(
        label="Follow topics I start",
        help_text="When you start a topic we follow it for you, so we email you when someone replies. "
        "You can stop following any topic in What you follow.",
        choices=[(YES, "Yes, follow topics I start"), (NO, "No, I will choose what to follow")],
        coerce=lambda value: value == PreferencesForm.YES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to follow the topics you start.",
            "invalid_choice": "Choose whether to follow the topics you start.",
        },
    )
