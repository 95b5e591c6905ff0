"""The forum's own staff screen in the Wagtail admin: pin a topic to the top of its board.
Forum organisers and site admins only (the thread's settings, such as locking, are moderation's)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from forum_site.moderation.permissions import can_moderate
from forum_site.moderation.services import ModerationError

from .models import Topic
from .services import topic_pin_set


class TopicPinForm(forms.Form):
    pinned = forms.BooleanField(label="Pinned to the top of the board", required=False)


class TopicSettingsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "discussions/admin/topic_settings.html"
    header_icon = "pick"

    def dispatch(self, request, *args, topic_id: int, **kwargs):
        if not can_moderate(request.user):  # before the lookup: a refused user learns nothing about ids
            raise PermissionDenied
        self.topic = get_object_or_404(Topic.objects.select_related("board", "thread"), pk=topic_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Topic settings: {self.topic.title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("moderation_queue:index"), "label": "Moderation queue"},
            {"url": reverse("moderation_queue:thread", args=[self.topic.thread_id]), "label": "Thread settings"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, *, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            topic=self.topic,
            form=form or TopicPinForm(initial={"pinned": self.topic.pinned}),
            thread_settings_url=reverse("moderation_queue:thread", args=[self.topic.thread_id]),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = TopicPinForm(request.POST)
        if not form.is_valid():  # a checkbox cannot be invalid, but keep the shape of every form
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            topic_pin_set(topic=self.topic, moderator=request.user, pinned=form.cleaned_data["pinned"])
        except ModerationError as refusal:
            messages.error(request, str(refusal))
            return redirect(request.get_full_path())
        messages.success(request, "Pinned to the top of the board." if self.topic.pinned else "Not pinned.")
        return redirect(reverse("moderation_queue:thread", args=[self.topic.thread_id]))
