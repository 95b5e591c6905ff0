"""The tracker's staff screens in the Wagtail admin: the scrutiny dashboard, officers' work, forms, import.

Each view states who may use it with a function from permissions.py, checked before anything is looked
up; views only call selectors and services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import imports, permissions, services, staff_selectors
from .forms import (
    ActionForm,
    ActionProgressForm,
    ImportConfirmForm,
    ImportUploadForm,
    NoteForm,
    ResponseForm,
    SignOffForm,
    UpdateForm,
)
from .models import Action, Recommendation, ScrutinyReviewPage

IMPORT_SALT = "recommendations.import"
IMPORT_MAX_AGE = 60 * 60  # seconds a preview stays valid


def _add_service_errors(form, error: ValidationError) -> None:
    """A service's errors beside the fields they name; an error about a field this form does not show (the
    percentage complete, when actions roll it up) goes at the top of the form instead of failing."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    """A tracker screen in Wagtail's frame: breadcrumbs from the admin home to this screen, whose title is the
    one visible heading (templates/admin_screen.html)."""

    header_icon = "tasks"

    def allowed(self, user) -> bool:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def parent_crumbs(self) -> list[dict]:
        """The screens between the admin home and this one."""
        return []

    def crumb_label(self) -> str:
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.parent_crumbs(), {"url": "", "label": self.crumb_label()}]

    def dispatch(self, request, *args, **kwargs):
        # Who may look comes first, so a refused user learns nothing about which ids exist.
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(StaffView):
    template_name = "recommendations/admin/dashboard.html"
    page_title = "Scrutiny dashboard"

    def allowed(self, user) -> bool:
        return permissions.can_view_dashboard(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = staff_selectors.dashboard_for_scrutiny()
        context.update(dashboard=dashboard, sections=staff_selectors.dashboard_sections(dashboard))
        return context


class MyRecommendationsView(StaffView):
    template_name = "recommendations/admin/my_recommendations.html"
    page_title = "My recommendations"
    header_icon = "user"

    def allowed(self, user) -> bool:
        return permissions.is_officer(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendations"] = staff_selectors.recommendations_for_officer(user=self.request.user)
        return context


class RecommendationMixin:
    """Loads the recommendation named in the URL, then checks the user may act on that one."""

    def allowed_for(self, user, recommendation) -> bool:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        self.recommendation = get_object_or_404(
            Recommendation.objects.select_related("review", "officer"), pk=kwargs["pk"]
        )
        if not self.allowed_for(request.user, self.recommendation):
            raise PermissionDenied
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("tracker_admin:recommendation", args=[self.recommendation.pk])

    def work_list_crumbs(self) -> list[dict]:
        """Where this user comes from: the scrutiny dashboard, their own work list, or the organisers' list."""
        user = self.request.user
        if permissions.can_view_dashboard(user):
            return [{"url": reverse("tracker_admin:dashboard"), "label": DashboardView.page_title}]
        if permissions.is_officer(user):
            return [{"url": reverse("tracker_admin:my-recommendations"), "label": MyRecommendationsView.page_title}]
        return [{"url": reverse("tracker_recommendations:index"), "label": "Recommendations"}]

    def recommendation_label(self) -> str:
        return f"Recommendation {self.recommendation.reference}"


class RecommendationDetailView(RecommendationMixin, StaffView):
    template_name = "recommendations/admin/recommendation.html"

    def allowed(self, user) -> bool:
        return (
            permissions.is_officer(user)
            or permissions.can_view_dashboard(user)
            or permissions.can_manage_recommendations(user)
        )

    def allowed_for(self, user, recommendation) -> bool:
        return permissions.can_view_staff_detail(user, recommendation)

    def get_page_title(self):
        return self.recommendation_label()

    def get_page_subtitle(self):
        return self.recommendation.title

    def parent_crumbs(self):
        return self.work_list_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, rec = self.request.user, self.recommendation
        context.update(
            detail=staff_selectors.recommendation_staff_detail(
                recommendation=rec, with_notes=permissions.can_read_notes(user)
            ),
            rec=rec,
            can_record=permissions.can_record_for(user, rec),
            can_respond=permissions.can_record_response(user, rec),
            can_sign_off=permissions.can_sign_off(user),
            can_read_notes=permissions.can_read_notes(user),
            can_write_notes=permissions.can_write_notes(user),
            can_manage=permissions.can_manage_recommendations(user),
        )
        return context


class RecommendationFormView(RecommendationMixin, StaffView):
    """GET shows the form; POST hands it to a service. Bad values go beside the fields, refusals become a message."""

    template_name = "recommendations/admin/form.html"
    form_class = None
    submit_label = "Save"
    title_prefix = ""
    success_message = "Saved."

    def get_page_title(self):
        return f"{self.title_prefix}: recommendation {self.recommendation.reference}"

    def crumb_label(self) -> str:
        return self.title_prefix

    def parent_crumbs(self):
        return [*self.work_list_crumbs(), {"url": self.detail_url(), "label": self.recommendation_label()}]

    def get_form(self, data=None):
        return self.form_class(data, initial=self.get_initial())

    def get_initial(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(rec=self.recommendation, submit_label=self.submit_label, detail_url=self.detail_url())
        return context

    def save(self, form):  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def success_url(self) -> str:
        return self.detail_url()

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                self.save(form)
            except ValidationError as error:
                _add_service_errors(form, error)
            except services.TrackerRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(self.detail_url())
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url())
        return self.render_to_response(self.get_context_data(form=form))


class ResponseRecordView(RecommendationFormView):
    form_class = ResponseForm
    title_prefix = "Record the cabinet's response"
    submit_label = "Save response"
    success_message = "Response saved."

    def allowed(self, user) -> bool:
        return permissions.is_officer(user) or permissions.can_manage_recommendations(user)

    def allowed_for(self, user, recommendation) -> bool:
        return permissions.can_record_response(user, recommendation)

    def get_initial(self):
        return ResponseForm.initial_for(self.recommendation)

    def save(self, form):
        data = form.cleaned_data
        services.response_record(
            recommendation=self.recommendation,
            user=self.request.user,
            decision=data["response"],
            reasons=data["response_reasons"],
            decided_on=data["response_decided_on"],
            cabinet_member=data["cabinet_member"],
            lead_officer_name=data["lead_officer_name"],
            target_date=data["target_date"],
        )


class OfficerFormView(RecommendationFormView):
    def allowed(self, user) -> bool:
        return permissions.is_officer(user)

    def allowed_for(self, user, recommendation) -> bool:
        return permissions.can_record_for(user, recommendation)


class UpdateAddView(OfficerFormView):
    form_class = UpdateForm
    title_prefix = "Add an implementation update"
    submit_label = "Add update"
    success_message = "Update added."

    def get_form(self, data=None):
        has_actions = self.recommendation.actions.exists()
        return UpdateForm(data, has_actions=has_actions, initial=UpdateForm.initial_for(self.recommendation))

    def save(self, form):
        data = form.cleaned_data
        services.update_add(
            recommendation=self.recommendation,
            user=self.request.user,
            date=data["date"],
            status=data["status"],
            rag=data["rag"],
            percent_complete=data.get("percent_complete"),
            narrative=data["narrative"],
            evidence_links=data["evidence_links"],
            revised_target_date=data["revised_target_date"],
            slip_reason=data["slip_reason"],
        )


class ActionAddView(OfficerFormView):
    form_class = ActionForm
    title_prefix = "Add an action"
    submit_label = "Add action"
    success_message = "Action added."

    def save(self, form):
        data = form.cleaned_data
        services.action_add(
            recommendation=self.recommendation,
            user=self.request.user,
            title=data["title"],
            owner=data["owner"],
            target_date=data["target_date"],
        )


class ActionProgressView(OfficerFormView):
    form_class = ActionProgressForm
    submit_label = "Save progress"
    success_message = "Progress saved."

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        # recommendation__pk, not recommendation_id: an id too big for the database is then a 404, not an error.
        self.action = get_object_or_404(Action, pk=kwargs["action_pk"], recommendation__pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Progress on “{self.action.title}”: recommendation {self.recommendation.reference}"

    def crumb_label(self) -> str:
        return f"Progress on “{self.action.title}”"

    def get_initial(self):
        return {"percent_complete": self.action.percent_complete}

    def save(self, form):
        services.action_progress(
            action=self.action, user=self.request.user, percent_complete=form.cleaned_data["percent_complete"]
        )


class SignOffView(RecommendationFormView):
    form_class = SignOffForm
    title_prefix = "Sign off"
    submit_label = "Record decision"
    success_message = "Decision recorded."

    def allowed(self, user) -> bool:
        return permissions.can_sign_off(user)

    def allowed_for(self, user, recommendation) -> bool:
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_update"] = (
            self.recommendation.updates.order_by("-date", "-created_at").select_related("author").first()
        )
        return context

    def save(self, form):
        services.sign_off_record(
            recommendation=self.recommendation,
            user=self.request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )

    def success_url(self) -> str:
        return reverse("tracker_admin:dashboard")


class NoteAddView(RecommendationFormView):
    form_class = NoteForm
    title_prefix = "Add an internal note"
    submit_label = "Add note"
    success_message = "Note added."

    def allowed(self, user) -> bool:
        return permissions.can_write_notes(user)

    def allowed_for(self, user, recommendation) -> bool:
        return True

    def save(self, form):
        services.note_add(recommendation=self.recommendation, user=self.request.user, text=form.cleaned_data["text"])


class ImportView(StaffView):
    """Upload -> preview (every row, or every error with its row and column) -> confirm."""

    template_name = "recommendations/admin/import.html"
    page_title = "Import recommendations"
    header_icon = "upload"

    def allowed(self, user) -> bool:
        return permissions.can_import(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportUploadForm(initial={"review": self.request.GET.get("review")}))
        context["columns"] = imports.COLUMNS
        context["max_rows"] = imports.MAX_ROWS
        return context

    def preview(self, review, raw_rows, form=None):
        rows, problems = imports.rows_check(review=review, rows=raw_rows)
        confirm = None
        if not problems:
            payload = signing.dumps({"review": review.pk, "rows": raw_rows}, salt=IMPORT_SALT, compress=True)
            confirm = ImportConfirmForm(initial={"payload": payload})
        return self.render_to_response(
            self.get_context_data(
                form=form or ImportUploadForm(initial={"review": review.pk}),
                review=review,
                rows=rows,
                problems=problems,
                confirm=confirm,
                previewed=True,
            )
        )

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        sheet = imports.spreadsheet_read(
            name=upload.name, size=upload.size, file=upload, encoding=form.cleaned_data["encoding"]
        )
        review = form.cleaned_data["review"]
        if sheet.errors:
            return self.render_to_response(
                self.get_context_data(form=form, review=review, rows=[], problems=sheet.errors, previewed=True)
            )
        return self.preview(review, sheet.rows, form)


class ImportConfirmView(ImportView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ImportConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise signing.BadSignature
            data = signing.loads(form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
            review = ScrutinyReviewPage.objects.get(pk=data["review"])
            raw_rows = [(int(number), dict(cells)) for number, cells in data["rows"]]
        except signing.SignatureExpired:
            messages.error(request, "The preview is more than an hour old. Upload the file again.")
            return redirect("tracker_admin:import")
        except (signing.BadSignature, ScrutinyReviewPage.DoesNotExist, KeyError, TypeError, ValueError):
            messages.error(request, "That import could not be read. Upload the file again.")
            return redirect("tracker_admin:import")
        rows, problems = imports.rows_check(review=review, rows=raw_rows)
        if problems:
            return self.preview(review, raw_rows)
        try:
            created = services.recommendations_import(review=review, rows=rows, user=request.user)
        except services.TrackerRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("tracker_admin:import")
        messages.success(
            request, f"Imported {len(created)} recommendation{'s' if len(created) != 1 else ''} into “{review.title}”."
        )
        return redirect(reverse("tracker_recommendations:index") + f"?review={review.pk}")
