"""Forms of the moderation queue in the Wagtail admin, and the watch-list form.

They only check the shape of the input; the services decide what is allowed (and say why not).
"""

from __future__ import annotations

import re

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from forum_site.core.ids import IdsChoiceField

from .models import POST_MAX_LENGTH, FlagReason, Post, WatchWord

REASON_MAX_LENGTH = 2000
SUSPEND_MAX_DAYS = 3650
SLOW_MODE_MAX_SECONDS = 86400

# The queue's age filter: hours a post has waited at least.
AGE_CHOICES = [
    ("", "Any age"),
    ("24", "Waiting over 24 hours"),
    ("48", "Waiting over 48 hours"),
    ("168", "Waiting over 7 days"),
]


def _reason_field(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Give a reason.",
            "max_length": f"Keep the reason to {REASON_MAX_LENGTH:,} characters.",
        },
    )


class QueueFilterForm(forms.Form):
    """GET filters of the queue list; a value that is not a choice is ignored."""

    reason = forms.ChoiceField(label="Reason", required=False, choices=[("", "Any reason"), *FlagReason.choices])
    group = forms.ChoiceField(label="Where", required=False)
    age = forms.TypedChoiceField(label="Age", required=False, choices=AGE_CHOICES, coerce=int, empty_value=None)

    def __init__(self, *args, groups=(), **kwargs):
        """`groups`: selectors.queue_groups(), e.g. [("Board", [("topic:3", "EHC plans"), ...])]."""
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "Anywhere"), *groups]
        for field in self.fields.values():
            # A long choice must not push the select past its column (Wagtail sizes selects by their content).
            field.widget.attrs["style"] = "width: 100%"

    def filters(self) -> dict:
        """Keyword arguments for selectors.queue(): the valid filters only."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "reason": data.get("reason") or "",
            "group": data.get("group") or "" if "group" not in self.errors else "",
            "older_than_hours": data.get("age") if "age" not in self.errors else None,
        }


# The item page's one form: what the moderator can do, and what each choice needs.
ITEM_ACTIONS = [
    ("approve", "Approve", "Waiting: publish it. Published with reports: keep it and decline the reports."),
    ("reject", "Reject", "It is not published. The author is told your reason."),
    ("hide", "Hide", "Other members stop seeing it; you can restore it later. The author is told your reason."),
    ("restore", "Restore", "Publish a hidden post again."),
    (
        "redact",
        "Redact",
        "Edit out personal details below. The original is kept for organisers; the author is told what changed and why.",
    ),
    (
        "suspend",
        "Suspend the author",
        "They cannot post for the days you choose below, and are told your reason when they try.",
    ),
    (
        "spam",
        "Remove a spam account",
        "Every waiting post of the account is rejected, every published one hidden, and the account is suspended for a year.",
    ),
]
# The fields each action reads besides "action"; errors in the others (left-over input) are ignored.
ACTION_FIELDS = {
    "approve": {"reason"},
    "reject": {"reason"},
    "hide": {"reason"},
    "restore": {"reason"},
    "redact": {"reason", "body", "publish"},
    "suspend": {"reason", "days"},
    "spam": {"reason", "confirm"},
}


class ItemActionForm(forms.Form):
    """One action on a queue item: choose it, give a reason (a note for the record when approving),
    and the extra input the chosen action needs."""

    action = forms.ChoiceField(
        label="What do you want to do?",
        choices=[(name, label) for name, label, _ in ITEM_ACTIONS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to do with this post.",
            "invalid_choice": "Choose what to do with this post.",
        },
    )
    reason = _reason_field(
        "Reason",
        required=False,
        help_text="The author is told it (when you approve, it is a note for the record and optional).",
    )
    body = forms.CharField(
        label="Text after redacting",
        required=False,
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Edit out the personal details. The original is kept, and only organisers can see it.",
        error_messages={"max_length": f"Posts can be at most {POST_MAX_LENGTH:,} characters."},
    )
    publish = forms.BooleanField(label="Publish after redacting", required=False)
    days = forms.IntegerField(
        label="Days of suspension",
        required=False,
        min_value=1,
        max_value=SUSPEND_MAX_DAYS,
        help_text=f"Between 1 and {SUSPEND_MAX_DAYS:,} days.",
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 7.",
            "min_value": "A suspension lasts at least 1 day.",
            "max_value": f"A suspension lasts at most {SUSPEND_MAX_DAYS:,} days.",
        },
    )
    confirm = forms.BooleanField(
        label="I understand: every waiting post of this account is rejected, every published one hidden, and the account is suspended for a year",
        required=False,
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if not action:
            return data
        wanted = ACTION_FIELDS[action]
        for name in [name for name in self._errors if name in self.fields and name != "action" and name not in wanted]:
            del self._errors[name]
        if action != "approve" and not data.get("reason") and "reason" not in self._errors:
            self.add_error("reason", "Give a reason.")
        if action == "redact" and not (data.get("body") or "").strip() and "body" not in self._errors:
            self.add_error("body", "The post cannot be empty.")
        if action == "suspend" and data.get("days") is None and "days" not in self._errors:
            self.add_error("days", "Enter the number of days.")
        if action == "spam" and not data.get("confirm"):
            self.add_error("confirm", "Tick the box to confirm.")
        return data


BULK_ACTIONS = [("approve", "Approve"), ("reject", "Reject")]


class BulkForm(forms.Form):
    posts = IdsChoiceField(
        label="Items",
        queryset=Post.objects.in_queue(),
        error_messages={
            "required": "Select at least one item.",
            "invalid_choice": "An item you selected is no longer in the queue.",
            "invalid_pk_value": "An item you selected is no longer in the queue.",
        },
    )
    action = forms.ChoiceField(label="Action", choices=BULK_ACTIONS, error_messages={"required": "Choose an action."})
    reason = _reason_field("Reason (needed to reject; the authors are told it)", required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", "Give a reason for rejecting: the authors are told it.")
        return data


class ThreadSettingsForm(forms.Form):
    locked = forms.BooleanField(label="Locked: no new posts", required=False)
    premoderated = forms.BooleanField(label="Pre-moderated: every post waits for a moderator", required=False)
    slow_mode_seconds = forms.IntegerField(
        label="Slow mode: seconds between a member's posts",
        min_value=0,
        max_value=SLOW_MODE_MAX_SECONDS,
        help_text="0 turns slow mode off; 86,400 allows one post a day.",
        error_messages={
            "required": "Enter a number of seconds (0 for off).",
            "invalid": "Enter a whole number of seconds, like 60.",
            "min_value": "Enter 0 or more seconds.",
            "max_value": f"Slow mode is at most {SLOW_MODE_MAX_SECONDS:,} seconds.",
        },
    )


# A watch-list term: words, spaces, hyphens and apostrophes; a single * only at the end (a prefix).
WATCH_TERM_RE = re.compile(r"^[\w][\w '’-]*\*?$")
REGEX_METACHARACTERS = set(".^$*+?{}[]\\|()")


class WatchWordForm(WagtailAdminModelForm):
    class Meta:
        model = WatchWord
        fields = ["term", "action", "safeguarding"]

    def clean_term(self) -> str:
        term = " ".join((self.cleaned_data.get("term") or "").split())
        if not term:
            raise forms.ValidationError("Enter a word or phrase.")
        bad = sorted({c for c in term.removesuffix("*") if c in REGEX_METACHARACTERS})
        if bad:
            raise forms.ValidationError(
                f"Use letters, numbers, spaces, hyphens and apostrophes only, with an optional * at the end. Remove: {' '.join(bad)}"
            )
        if not WATCH_TERM_RE.match(term):
            raise forms.ValidationError(
                "Use letters, numbers, spaces, hyphens and apostrophes only, with an optional * at the end."
            )
        clash = WatchWord.objects.filter(term__iexact=term)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f'"{term}" is already on a watch list.')
        return term
