"""Moderation in the Wagtail admin: audit-log action names, the queue (views_admin.py) and the watch lists."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import permissions, views_admin
from .admin_forms import WatchWordForm
from .models import LOG_ACTIONS, Post, WatchWord


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


class QueueMenuItem(MenuItem):
    """Shown to organisers and site admins only, with the number of waiting items (one query, for them only)."""

    def is_shown(self, request):
        return permissions.can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = Post.objects.in_queue().count()
        component.label = f"{self.label} ({waiting} waiting)" if waiting else self.label
        return component


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem("Moderation queue", reverse("moderation_queue:index"), icon_name="warning", order=240)


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
