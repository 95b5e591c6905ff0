"""Forms for starting a topic and replying. The words go through moderation.services (checks, states)."""

from __future__ import annotations

from django import forms

from forum_site.moderation.forms import PostBodyForm, post_body_field

from .models import TOPIC_TITLE_MAX_LENGTH


class TopicForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=TOPIC_TITLE_MAX_LENGTH,
        help_text="A short summary of what you want to talk about.",
        error_messages={
            "required": "Give your topic a title.",
            "max_length": "Titles can be at most %(limit_value)s characters; yours has %(show_value)s.",
        },
    )
    body = post_body_field()


class ReplyForm(PostBodyForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Your reply")
        super().__init__(*args, **kwargs)
