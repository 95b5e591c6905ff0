"""Forms for what members write and do to posts: edit, report, comment. Validation of the words
themselves (checks, states) happens in services.py; the forms only give clear messages for missing and
too-long input before a service is called."""

from __future__ import annotations

from django import forms

from .models import POST_MAX_LENGTH
from .services import REPORT_REASONS

REPORT_NOTE_MAX_LENGTH = 1000


def post_body_field(label: str = "Your message") -> forms.CharField:
    """The text box for a post, reply or comment (one definition, one set of messages)."""
    return forms.CharField(
        label=label,
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. Leave a blank line between paragraphs; web addresses become links. "
        "Please do not include names, phone numbers or other details that identify a child.",
        error_messages={
            "required": "Write something before you post.",
            "max_length": f"Posts can be at most {POST_MAX_LENGTH:,} characters; yours has %(show_value)s.",
        },
    )


class PostBodyForm(forms.Form):
    """A reply, a comment, or an edit of one's own post."""

    body = post_body_field()

    def __init__(self, *args, label: str = "Your message", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = label


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this post?",
        choices=REPORT_REASONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a reason for your report.",
            "invalid_choice": "Choose a reason for your report.",
        },
    )
    note = forms.CharField(
        label="Anything a moderator should know",
        required=False,
        max_length=REPORT_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='Needed if you choose "Something else". Only moderators read it.',
        error_messages={"max_length": "Keep your note to %(limit_value)s characters; yours has %(show_value)s."},
    )
