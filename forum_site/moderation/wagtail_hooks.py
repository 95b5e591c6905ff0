"""Moderation in the Wagtail admin: audit-log action names, the queue (views_admin.py) and the watch lists."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from . import permissions, selectors, views_admin
from .admin_forms import WatchWordForm
from .models import LOG_ACTIONS, WatchWord


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label in LOG_ACTIONS.values():
        actions.register_action(action, label, label)


app_name = "moderation_queue"

urlpatterns = [
    path("", views_admin.QueueView.as_view(), name="index"),
    path("bulk/", views_admin.BulkView.as_view(), name="bulk"),
    path("<int:post_id>/", views_admin.ItemView.as_view(), name="item"),
    path("thread/<int:thread_id>/", views_admin.ThreadSettingsView.as_view(), name="thread"),
]


@hooks.register("register_admin_urls")
def register_queue_urls():
    return [path("moderation/", include((urlpatterns, app_name), namespace=app_name))]


def queue_summary(counts: dict[str, int]) -> str:
    """ "3 waiting for a moderator, 2 published posts to look at again" (or "Nothing to look at")."""
    parts = []
    if counts["waiting"]:
        parts.append(f"{counts['waiting']} waiting for a moderator")
    if counts["published"]:
        parts.append(f"{counts['published']} published post{'s' if counts['published'] != 1 else ''} to look at again")
    return ", ".join(parts) or "Nothing to look at"


class QueueMenuItem(MenuItem):
    """Shown to organisers and site admins only, with the number of items to look at (one query, for them
    only). Wagtail's sidebar cuts a long label with an ellipsis and has no count badge for a link, so the
    label stays short enough to show whole: "Moderation (10)"; the queue page says what the 10 are."""

    def is_shown(self, request):
        return permissions.can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        counts = selectors.queue_counts()
        total = counts["waiting"] + counts["published"]
        if total:
            component.label = f"{self.label} ({total:,})"
            # Screen readers hear what the number is; the name starts with the visible label (WCAG 2.5.3).
            component.attrs = {**component.attrs, "aria-label": f"{component.label}: {queue_summary(counts)}"}
        return component


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        "Moderation", reverse("moderation_queue:index"), name="moderation-queue", icon_name="warning", order=240
    )


class QueuePanel(Component):
    """The admin home's panel for organisers and site admins: what the queue holds, with a link to it."""

    name = "moderation_queue"
    template_name = "moderation/admin/home_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        counts = selectors.queue_counts()
        return {"counts": counts, "queue_url": reverse("moderation_queue:index")}


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if permissions.can_moderate(request.user):
        panels.append(QueuePanel())


class WatchWordViewSet(ModelViewSet):
    """The two watch lists (filter "Safeguarding term" to see each): organisers add, change and remove terms."""

    model = WatchWord
    icon = "warning"
    menu_label = "Watch lists"
    menu_order = 245
    add_to_admin_menu = True
    list_display = ["term", "action", "safeguarding"]
    list_filter = ["safeguarding", "action"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return WatchWordForm


@hooks.register("register_admin_viewset")
def register_watch_word_viewset():
    return WatchWordViewSet("watch_words")
