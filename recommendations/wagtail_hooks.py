"""The tracker in the Wagtail admin: a "Tracker" menu whose items each role sees only when it may use them,
the organisers' recommendation and theme screens (ModelViewSets), the staff views, and the audit-log actions."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from . import permissions, services, staff_selectors, views_admin
from .forms import RecommendationAdminForm
from .models import Recommendation, ScrutinyReviewPage, Theme

app_name = "tracker_admin"

urlpatterns = [
    path("", views_admin.DashboardView.as_view(), name="dashboard"),
    path("mine/", views_admin.MyRecommendationsView.as_view(), name="my-recommendations"),
    path("recommendations/<int:pk>/", views_admin.RecommendationDetailView.as_view(), name="recommendation"),
    path("recommendations/<int:pk>/response/", views_admin.ResponseRecordView.as_view(), name="response-record"),
    path("recommendations/<int:pk>/updates/add/", views_admin.UpdateAddView.as_view(), name="update-add"),
    path("recommendations/<int:pk>/actions/add/", views_admin.ActionAddView.as_view(), name="action-add"),
    path(
        "recommendations/<int:pk>/actions/<int:action_pk>/progress/",
        views_admin.ActionProgressView.as_view(),
        name="action-progress",
    ),
    path("recommendations/<int:pk>/sign-off/", views_admin.SignOffView.as_view(), name="sign-off"),
    path("recommendations/<int:pk>/notes/add/", views_admin.NoteAddView.as_view(), name="note-add"),
    path("import/", views_admin.ImportView.as_view(), name="import"),
    path("import/confirm/", views_admin.ImportConfirmView.as_view(), name="import-confirm"),
]


@hooks.register("register_admin_urls")
def register_tracker_urls():
    return [path("tracker/", include((urlpatterns, app_name), namespace=app_name))]


class RecommendationFilterSet(WagtailFilterSet):
    # The review by `id` (the page's own integer column) rather than `pk` (its link to the page): a
    # tampered ?review= too big for the database is then "not one of the choices", not an error.
    review = django_filters.ModelChoiceFilter(queryset=ScrutinyReviewPage.objects.all(), to_field_name="id")

    class Meta:
        model = Recommendation
        fields = ["review", "response", "status"]


class RecommendationIndexView(IndexView):
    def get_base_queryset(self):
        # The review and officer columns: loaded with the rows, not one query per row.
        return super().get_base_queryset().select_related("review", "officer")


class RecommendationViewSet(ModelViewSet):
    model = Recommendation
    index_view_class = RecommendationIndexView
    name = "tracker_recommendations"
    url_prefix = "tracker/recommendations"
    icon = "list-ol"
    menu_label = "Recommendations"
    list_display = [
        "reference",
        "title",
        "review",
        "response",
        "officer",
        "status",
        TitleColumn(
            "staff_page",
            label="Response, progress and history",
            accessor=lambda rec: f"Open recommendation {rec.reference}",
            get_url=lambda rec: reverse("tracker_admin:recommendation", args=[rec.pk]),
        ),
    ]
    filterset_class = RecommendationFilterSet
    search_fields = ["reference", "title", "text"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("review"),
            FieldPanel("reference"),
            FieldPanel("position"),
            FieldPanel("title"),
            FieldPanel("text"),
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("addressed_to"),
            FieldPanel("officer"),
        ],
        base_form_class=RecommendationAdminForm,
    )


class ThemeViewSet(ModelViewSet):
    model = Theme
    name = "tracker_themes"
    url_prefix = "tracker/themes"
    icon = "tag"
    menu_label = "Themes"
    form_fields = ["name", "slug"]
    list_display = ["name", "slug"]
    copy_view_enabled = False
    inspect_view_enabled = False


class TrackerGroup(ViewSetGroup):
    menu_label = "Tracker"
    menu_icon = "tasks"
    menu_order = 260
    items = (RecommendationViewSet, ThemeViewSet)
    submenu_hook = "register_tracker_menu_item"


@hooks.register("register_admin_viewset")
def register_tracker_viewsets():
    return TrackerGroup()


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        self.check = check
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_tracker_menu_item")
def register_dashboard_menu_item():
    return PermissionMenuItem(
        "Scrutiny dashboard",
        reverse("tracker_admin:dashboard"),
        icon_name="tasks",
        order=0,
        check=permissions.can_view_dashboard,
    )


@hooks.register("register_tracker_menu_item")
def register_officer_menu_item():
    return PermissionMenuItem(
        "My recommendations",
        reverse("tracker_admin:my-recommendations"),
        icon_name="user",
        order=0,
        check=permissions.is_officer,
    )


@hooks.register("register_tracker_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        "Import recommendations",
        reverse("tracker_admin:import"),
        icon_name="upload",
        order=10,
        check=permissions.can_import,
    )


class ScrutinyHomePanel(Component):
    """The admin home of a scrutiny member: how many recommendations are in each of the dashboard's work lists,
    each linking to its section there (one query)."""

    name = "tracker_scrutiny"
    template_name = "recommendations/admin/home_scrutiny.html"
    order = 110

    def get_context_data(self, parent_context=None):
        return {"counts": staff_selectors.dashboard_counts(), "dashboard_url": reverse("tracker_admin:dashboard")}


class OfficerHomePanel(Component):
    """The admin home of a council officer: their open recommendations with the nearest target dates (one query)."""

    name = "tracker_officer"
    template_name = "recommendations/admin/home_officer.html"
    order = 120

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {
            "recommendations": staff_selectors.officer_due_next(user=self.user),
            "mine_url": reverse("tracker_admin:my-recommendations"),
            "today": timezone.localdate(),
        }


@hooks.register("construct_homepage_panels")
def add_tracker_home_panels(request, panels):
    """Each panel only for the role that has the work (a site admin has both)."""
    if permissions.can_view_dashboard(request.user):
        panels.append(ScrutinyHomePanel())
    if permissions.is_officer(request.user):
        panels.append(OfficerHomePanel(request.user))


@hooks.register("register_log_actions")
def register_tracker_log_actions(actions):
    class ResponseFormatter(LogFormatter):
        label = "Cabinet response recorded"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if data.get("imported"):
                return "Response imported from a spreadsheet"
            changed = ", ".join(name.replace("_", " ") for name in data.get("changed", []))
            return f"Response changed: {changed}" if changed else "Response recorded"

    class SignOffFormatter(LogFormatter):
        label = "Scrutiny sign-off"

        def format_message(self, log_entry):
            decision = (log_entry.data or {}).get("after")
            return "Signed off as achieved" if decision == "achieved" else "Sent back by scrutiny"

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("comment", "")

    actions.register_action(services.LOG_RESPONSE)(ResponseFormatter)
    actions.register_action(services.LOG_SIGN_OFF)(SignOffFormatter)
    actions.register_action(
        services.LOG_IMPORT, "Import recommendations", "Recommendations imported from a spreadsheet"
    )
