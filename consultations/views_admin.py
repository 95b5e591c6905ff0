"""Results, exports and paper responses in the Wagtail admin: forum organisers and site admins only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views.generic import TemplateView, View
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from forum_site.core.exports import csv_response, xlsx_response
from forum_site.core.ids import id_parse

from . import permissions, selectors, services
from .exports import response_rows
from .forms import PaperResponseForm, ResultsOptionsForm
from .models import OUTCOME_TAB_ID, Answer, ConsultationPage


class ResultsPermissionMixin:
    """Who may use these screens, checked first; and their place in the admin (breadcrumbs from Home)."""

    permission_check = staticmethod(permissions.can_view_results)
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        # Who may look comes first, so a refused user learns nothing about which ids exist.
        if not self.permission_check(request.user):
            raise PermissionDenied
        if "page_id" in kwargs:
            # By `id` (the page's own integer column, not the `pk` link to it): an id too big for the
            # database is then a 404, not an error.
            self.consultation = get_object_or_404(ConsultationPage, id=kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def parent_crumbs(self) -> list[dict]:
        """The screens between the admin home and this one."""
        return [{"url": reverse("consultation_results:index"), "label": ResultsIndexView.page_title}]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.parent_crumbs(), {"url": "", "label": self.get_page_title()}]

    def results_crumb(self) -> dict:
        return {
            "url": reverse("consultation_results:results", args=[self.consultation.pk]),
            "label": ResultsView.title_for(self.consultation),
        }


class ResultsIndexView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/results_index.html"
    page_title = "Consultation results"

    def parent_crumbs(self) -> list[dict]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consultations"] = selectors.consultations_with_counts()
        return context


class ResultsView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/results.html"

    @staticmethod
    def title_for(consultation) -> str:
        return f"Results: {consultation.title}"

    def get_page_title(self):
        return self.title_for(self.consultation)

    def get_header_buttons(self):
        buttons = []
        if permissions.can_enter_response(self.request.user):
            url = reverse("consultation_results:paper-response", args=[self.consultation.pk])
            buttons.append(HeaderButton("Enter a paper or phone response", url=url, icon_name="edit", priority=10))
        outcome_url = self._outcome_edit_url()
        if outcome_url:
            buttons.append(HeaderButton('Write "You said, we did"', url=outcome_url, icon_name="doc-full", priority=20))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        results_filter = selectors.results_filter_from_param(
            consultation=self.consultation, param=params.get("filter", "")
        )
        results = selectors.results_for_consultation(
            consultation=self.consultation,
            results_filter=results_filter,
            compare_question_id=params.get("compare", ""),
        )
        published = params.get("published") == "1"

        def download(fmt: str, anonymised: bool) -> str:
            # A download carries the filter on screen, so the file holds what the screen counts.
            query = {"anonymised": "1"} if anonymised else {}
            if results_filter:
                query["filter"] = results_filter.param
            url = reverse("consultation_results:export", args=[self.consultation.pk, fmt])
            return f"{url}?{urlencode(query)}" if query else url

        context.update(
            consultation=self.consultation,
            results=results,
            options_form=ResultsOptionsForm(
                consultation=self.consultation,
                initial={
                    "filter": results_filter.param if results_filter else "",
                    "compare": results.compare_question.id if results.compare_question else "",
                    "published": published,
                },
            ),
            published=published,
            downloads=[
                (label, download(fmt, anonymised))
                for label, fmt, anonymised in [
                    ("Download CSV", "csv", False),
                    ("Download Excel", "xlsx", False),
                    ("Anonymised CSV", "csv", True),
                    ("Anonymised Excel", "xlsx", True),
                ]
            ],
        )
        return context

    def _outcome_edit_url(self) -> str:
        """The "You said, we did" tab of the page editor, for those who may edit this consultation."""
        if not self.consultation.permissions_for_user(self.request.user).can_edit():
            return ""
        return reverse("wagtailadmin_pages:edit", args=[self.consultation.pk]) + f"#tab-{OUTCOME_TAB_ID}"


class TextAnswersView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/text_answers.html"
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        self.question  # noqa: B018 - an unknown question is a 404 before anything renders
        return super().get(request, *args, **kwargs)

    @cached_property
    def question(self):
        by_id = {q.id: q for q in self.consultation.question_list if q.is_text}
        if self.kwargs["question_id"] not in by_id:
            raise Http404
        return by_id[self.kwargs["question_id"]]

    def get_page_title(self):
        return f"Q{self.question.number}: {self.question.text}"

    def parent_crumbs(self) -> list[dict]:
        return [*super().parent_crumbs(), self.results_crumb()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(selectors.text_answers(consultation=self.consultation, question_id=self.question.id), 25)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        context.update(
            consultation=self.consultation,
            question=self.question,
            page_obj=page_obj,
            elided_page_range=paginator.get_elided_page_range(page_obj.number),
            can_select=permissions.can_select_quotes(self.request.user),
            themes=selectors.theme_counts(consultation=self.consultation, question_id=self.question.id),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not permissions.can_select_quotes(request.user):
            raise PermissionDenied
        action = request.POST.get("action", "quote")  # "quote" when left out (older quote forms posted none)
        selected = request.POST.get("selected", "")
        if action not in ("themes", "quote") or (action == "quote" and selected not in ("0", "1")):
            return HttpResponseBadRequest("Unknown action.")
        answer_id = id_parse(request.POST.get("answer", ""))
        theme_ids = [id_parse(t) for t in request.POST.getlist("themes")]
        if answer_id is None or None in theme_ids:
            raise Http404
        answer = get_object_or_404(Answer, pk=answer_id, question_id=self.question.id, consultation=self.consultation)
        new_theme = request.POST.get("new_theme", "")
        if "\x00" in new_theme:
            messages.error(request, "A theme name cannot contain control characters.")
            return redirect(request.get_full_path())
        try:
            if action == "themes":
                services.answer_themes_set(answer=answer, theme_ids=theme_ids, new_theme=new_theme)
                messages.success(request, f"Themes saved for answer from {answer.response.reference}.")
            else:
                services.quote_toggle(answer=answer, selected=selected == "1")
                done = "chosen as a quote" if selected == "1" else "removed from the quotes"
                messages.success(request, f"Answer from {answer.response.reference} {done}.")
        except services.ResponseRefused as refusal:
            messages.error(request, str(refusal))
        return redirect(request.get_full_path())


class ExportView(ResultsPermissionMixin, View):
    def get(self, request, page_id: int, fmt: str):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        consultation = self.consultation
        anonymised = request.GET.get("anonymised") == "1"
        results_filter = selectors.results_filter_from_param(
            consultation=consultation, param=request.GET.get("filter", "")
        )
        rows = response_rows(consultation=consultation, anonymised=anonymised, results_filter=results_filter)
        name = f"{slugify(consultation.title)[:50]}-responses{'-anonymised' if anonymised else ''}"
        if results_filter:
            name += f"-filtered-{slugify(results_filter.value)[:40] or 'by-answer'}"
        if fmt == "xlsx":
            return xlsx_response(rows, f"{name}.xlsx")
        return csv_response(rows, f"{name}.csv")


class PaperResponseView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/paper_response.html"
    header_icon = "edit"
    permission_check = staticmethod(permissions.can_enter_response)

    def get_page_title(self):
        return "Enter a paper or phone response"

    def get_page_subtitle(self):
        return self.consultation.title

    def parent_crumbs(self) -> list[dict]:
        return [*super().parent_crumbs(), self.results_crumb()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PaperResponseForm(consultation=self.consultation))
        context["consultation"] = self.consultation
        return context

    def post(self, request, *args, **kwargs):
        form = PaperResponseForm(request.POST, consultation=self.consultation)
        if form.is_valid():
            data = form.cleaned_data
            submission = services.response_submit(
                consultation=self.consultation,
                user=None,
                answers=form.answer_rows(),
                idempotency_key=data["idempotency_key"],
                consent_quote=data["consent_quote"],
                consent_contact=data["consent_contact"],
                contact_email=data.get("contact_email") or "",
                channel=data["channel"],
                entered_by=request.user,
            )
            messages.success(request, f"Response {submission.response.reference} saved.")
            return redirect(reverse("consultation_results:results", args=[self.consultation.pk]))
        return self.render_to_response(self.get_context_data(form=form))


class OpenConsultationsPanel(Component):
    """On the admin home, for those who may see results: the open consultations and their responses so far."""

    name = "open_consultations"
    template_name = "consultations/admin/home_panel.html"
    order = 130  # after the forum's moderation queue, before Wagtail's own workflow and edit panels

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["consultations"] = selectors.open_consultations_with_counts()
        return context
