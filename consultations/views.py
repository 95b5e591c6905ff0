"""Public consultation views (called from ConsultationPage's routes). Thin: services and selectors do the work."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, DataError, IntegrityError, InterfaceError, NotSupportedError, ProgrammingError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from forum_site.accounts.permissions import can_act_as_member
from forum_site.core.ratelimit import client_ip, limit_exceeded

from . import selectors, services
from .forms import DraftForm, ResponseForm
from .models import ConsultationPage, Response, ResponseStatus

SESSION_REFERENCES = "consultation_references"
# Emails a visitor can make the site send (save-and-return links, receipts) to an address they type.
EMAILS_PER_ADDRESS_PER_HOUR = 5
EMAILS_PER_IP_PER_HOUR = 20
# How long to tell a browser to wait after a database fault ("try again in a few minutes").
RETRY_AFTER_SECONDS = 120
# A database fault: the server is unreachable, the connection dropped (InterfaceError is not a
# DatabaseError), a lock timed out... Sending again can succeed, so the respondent is told so.
DATABASE_FAULTS = (DatabaseError, InterfaceError)
# ...but not these: they mean our data or SQL is wrong, sending again will not help; they are bugs for the 500 page.
NOT_TRANSIENT = (DataError, IntegrityError, NotSupportedError, ProgrammingError)

SUBMIT_BUTTONS = ("submit", "save_draft", "save_link")  # the form's buttons: which one was pressed matters

logger = logging.getLogger(__name__)


def _visitor(request) -> str:
    """Who is filling in the form, for binding its idempotency key: the secret behind their CSRF token.

    Why this binding: Django already gives every visitor a CSRF secret (the form's {% csrf_token %} sets the
    cookie), and CsrfViewMiddleware accepts a POST only with that same secret. So a key tied to it cannot be
    replayed from anyone else's browser, yet it adds no new way for a genuine retry or double-click to fail:
    whenever the binding breaks (signed in or out since opening the form, cookies cleared), the CSRF check
    would refuse the POST anyway. A secret kept in the session would need a session (a database write) for
    every visitor who merely opens the form, and would break if the session expired during a long form; this
    needs nothing stored and works on any app server. Only a one-way digest of it goes into the page.
    """
    get_token(request)  # makes sure the visitor has a secret, and that its cookie goes out with this page
    return request.META["CSRF_COOKIE"]


def _save_failed(request, form) -> HttpResponse:
    """The database failed while saving: say plainly that sending again is safe, without touching it again.

    A plain template, rendered without the request (no context processors, no page, no user, no messages),
    so nothing on this page can need the database. Its button sends exactly the same form again, with the
    same idempotency key, so a response that did reach the database is not recorded twice.
    """
    sent = [name for name in form.data if name in form.fields or name in SUBMIT_BUTTONS]
    resend = [(name, value) for name in sent for value in form.data.getlist(name)]
    body = render_to_string(
        "consultations/response_save_failed.html",
        {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "action": request.path,
            "csrf_token": get_token(request),
            "resend": resend,
            "title": form.consultation.title,
            "contact_email": form.consultation.contact_email,
            "is_draft": isinstance(form, DraftForm),
        },
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _may_email(request, address: str) -> bool:
    by_address = limit_exceeded(
        key=f"consultation-email:to:{address.lower()}", limit=EMAILS_PER_ADDRESS_PER_HOUR, window_seconds=3600
    )
    by_ip = limit_exceeded(
        key=f"consultation-email:ip:{client_ip(request)}", limit=EMAILS_PER_IP_PER_HOUR, window_seconds=3600
    )
    return not (by_address or by_ip)


def _page_context(request, page: ConsultationPage, **extra) -> dict:
    return {"page": page, "self": page, "request": request, **extra}


def consultation_overview(request, page: ConsultationPage):
    context = _page_context(request, page)
    if page.outcome_published:
        context["outcome_figures"] = selectors.outcome_figures(consultation=page)
        context["outcome_quotes"] = selectors.quotes_for_outcome(consultation=page)
    if request.user.is_authenticated:
        context["has_responded"], context["has_draft"] = selectors.member_status(consultation=page, user=request.user)
    return TemplateResponse(request, "consultations/consultation_page.html", context)


def _refusal(request, page: ConsultationPage, message: str, status: int = 200):
    return TemplateResponse(
        request, "consultations/response_refused.html", _page_context(request, page, message=message), status=status
    )


def response_form(request, page: ConsultationPage):
    user = request.user
    if not page.is_open and request.method == "GET":
        state = "has not opened yet" if page.state == "upcoming" else "has closed"
        return _refusal(request, page, f"This consultation {state}, so it is not taking responses.")
    if user.is_authenticated and not can_act_as_member(user):
        messages.warning(request, "Verify your email address to respond as a member. We can send you a new link.")
        return redirect("account_email")
    if not user.is_authenticated and not page.allow_anonymous:
        messages.info(request, "Sign in to respond to this consultation.")
        return redirect(f"/accounts/login/?next={request.path}")
    if (
        request.method == "GET"
        and user.is_authenticated
        and selectors.member_has_responded(consultation=page, user=user)
    ):
        # On POST, response_submit decides: a retried POST gets its reference back, a second response is refused.
        return _refusal(request, page, "You have already responded to this consultation. Thank you.")

    resume_key = f"consultation_resume_{page.pk}"
    if request.method == "POST":
        saving_draft = "save_draft" in request.POST and user.is_authenticated
        saving_link = "save_link" in request.POST and not user.is_authenticated
        form_class = DraftForm if (saving_draft or saving_link) else ResponseForm
        form = form_class(request.POST, consultation=page, user=user, visitor=_visitor(request))
        if saving_link and form.is_valid() and not form.cleaned_data.get("contact_email"):
            form.add_error("contact_email", "Give your email address so we can send you a link to come back to.")
        if saving_link and form.is_valid() and not _may_email(request, form.cleaned_data["contact_email"]):
            form.add_error(
                "contact_email",
                "We have sent too many emails to this address or from this connection in the last hour. "
                "Please try again later; nothing has been saved.",
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                if saving_link:
                    draft, signed = services.response_draft_save_anonymous(
                        consultation=page,
                        answers=form.answer_rows(),
                        email=data["contact_email"],
                        consent_quote=data["consent_quote"],
                        consent_contact=data["consent_contact"],
                        resume_token=request.session.get(resume_key),
                    )
                    request.session[resume_key] = draft.resume_token
                    link = request.build_absolute_uri(page.url + page.reverse_subpage("respond")) + f"?resume={signed}"
                    services.resume_link_send(consultation=page, email=data["contact_email"], url=link)
                    messages.success(
                        request,
                        f"Your answers are saved. We have emailed a link to {data['contact_email']} so you can "
                        "come back to them until the consultation closes.",
                    )
                    return redirect(page.url)
                if saving_draft:
                    services.response_draft_save(
                        consultation=page,
                        user=user,
                        answers=form.answer_rows(),
                        consent_quote=data["consent_quote"],
                        consent_contact=data["consent_contact"],
                        contact_email=data.get("contact_email") or "",
                    )
                    messages.success(
                        request, "Your draft is saved. You can come back to it until the consultation closes."
                    )
                    return redirect(page.url + page.reverse_subpage("respond"))
                email = data.get("contact_email") or (user.email if user.is_authenticated else "")
                submission = services.response_submit(
                    consultation=page,
                    user=user,
                    answers=form.answer_rows(),
                    idempotency_key=data["idempotency_key"],
                    consent_quote=data["consent_quote"],
                    consent_contact=data["consent_contact"],
                    contact_email=email,
                    resume_token=None if user.is_authenticated else request.session.get(resume_key),
                )
            except services.ResponseRefused as refusal:
                return _refusal(request, page, str(refusal), status=409)
            except DATABASE_FAULTS as error:
                if isinstance(error, NOT_TRANSIENT):
                    raise
                logger.exception("Database error while saving a response to consultation %s", page.pk)
                return _save_failed(request, form)
            response = submission.response
            if submission.created and data.get("send_receipt") and email:
                if _may_email(request, email):
                    services.receipt_send(response=response, to=email)
                else:
                    messages.warning(
                        request,
                        "Your response is saved, but we could not email a receipt just now (too many emails "
                        "in the last hour). Keep your reference number.",
                    )
            request.session.pop(resume_key, None)
            references = request.session.get(SESSION_REFERENCES, [])
            if response.reference not in references:
                request.session[SESSION_REFERENCES] = [*references, response.reference][-20:]
            return redirect(page.url + page.reverse_subpage("confirmation", args=[response.reference]))
    else:
        initial = {}
        draft = selectors.member_draft(consultation=page, user=user)
        if draft is None and not user.is_authenticated and request.GET.get("resume"):
            try:
                draft = services.resume_token_read(consultation=page, signed=request.GET["resume"])
            except services.ResponseRefused as refusal:
                return _refusal(request, page, str(refusal), status=400)
            request.session[resume_key] = draft.resume_token
            if not initial.get("contact_email"):
                initial["contact_email"] = draft.contact_email
        if draft is not None:
            initial = {**initial, **selectors.answers_as_initial(draft, page.question_list)}
        form = ResponseForm(consultation=page, user=user, initial=initial, visitor=_visitor(request))
    return TemplateResponse(
        request,
        "consultations/response_form.html",
        _page_context(request, page, form=form, is_member=user.is_authenticated),
    )


def response_confirmation(request, page: ConsultationPage, reference: str):
    # Only the browser that submitted it (or the member who owns it) sees a confirmation.
    submitted = page.responses.filter(reference=reference, status=ResponseStatus.SUBMITTED)
    owned = reference in request.session.get(SESSION_REFERENCES, [])
    if not owned and request.user.is_authenticated:
        submitted = submitted.filter(user=request.user)
    elif not owned:
        raise Http404
    response = submitted.only("pk", "user_id").first()
    if response is None:
        raise Http404
    # A member is shown the way to their answers in My account (a visitor has no account to keep them in).
    mine = request.user.is_authenticated and response.user_id == request.user.pk
    return TemplateResponse(
        request,
        "consultations/response_confirmation.html",
        _page_context(request, page, reference=reference, response_pk=response.pk if mine else None),
    )


@never_cache
@login_required
@require_GET
def my_responses(request):
    responses = list(selectors.responses_for_member(user=request.user))
    return TemplateResponse(request, "consultations/my_responses.html", {"responses": responses})


@never_cache
@login_required
@require_GET
def my_response(request, pk: int):
    """One of the member's own responses (or drafts) with their answers. Anyone else's is simply not found."""
    response = selectors.member_response(user=request.user, pk=pk)
    if response is None:
        raise Http404
    answers = selectors.answers_for_display(response, response.consultation.question_list)
    return TemplateResponse(request, "consultations/my_response.html", {"response": response, "answers": answers})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def response_withdraw(request, pk: int):
    # Another member's response is simply not found: nothing about it is revealed.
    response = get_object_or_404(
        Response.objects.select_related("consultation"), pk=pk, user=request.user, status=ResponseStatus.SUBMITTED
    )
    if request.method == "POST":
        try:
            services.response_withdraw(response=response, user=request.user)
        except services.ResponseRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Response {response.reference} has been withdrawn. It will not be counted.")
        return redirect("consultations:response-list")
    return TemplateResponse(request, "consultations/response_withdraw.html", {"response": response})
