"""Writes for consultations: submit, save a draft, withdraw, notify respondents of the outcome."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Answer, ConsultationPage, ConsultationState, Response, ResponseChannel, ResponseStatus

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U


class ResponseRefused(Exception):
    """The response cannot be saved; the message is shown to the respondent as it is."""


def reference_new() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"NPC-{body[:4]}-{body[4:]}"


def _check_open(consultation: ConsultationPage) -> None:
    state = consultation.state_at(timezone.now())
    if state == ConsultationState.UPCOMING:
        opens = timezone.localtime(consultation.opens_at)
        raise ResponseRefused(f"This consultation has not opened yet. It opens on {opens:%-d %B %Y at %-I:%M%p}.")
    if state == ConsultationState.CLOSED:
        closes = timezone.localtime(consultation.closes_at)
        raise ResponseRefused(
            f"This consultation closed on {closes:%-d %B %Y at %-I:%M%p}, so we cannot accept your response. "
            "Nothing has been saved."
        )


def _check_who(consultation: ConsultationPage, user, channel: str) -> None:
    member = user is not None and user.is_authenticated
    if channel != ResponseChannel.ONLINE:
        return
    if not member and not consultation.allow_anonymous:
        raise ResponseRefused("Sign in to respond to this consultation.")


def _answers_replace(response: Response, rows: list[dict]) -> None:
    response.answers.all().delete()
    counted = response.status == ResponseStatus.SUBMITTED
    Answer.objects.bulk_create(
        [Answer(response=response, consultation_id=response.consultation_id, counted=counted, **row) for row in rows]
    )


@dataclass(frozen=True)
class Submission:
    response: Response
    created: bool  # False when a retried or double-clicked POST found the response already saved


@transaction.atomic
def response_submit(
    *,
    consultation: ConsultationPage,
    user,
    answers: list[dict],
    idempotency_key: uuid.UUID,
    consent_quote: bool,
    consent_contact: bool,
    contact_email: str = "",
    channel: str = ResponseChannel.ONLINE,
    entered_by=None,
    resume_token: str | None = None,
) -> Submission:
    member = user if user is not None and user.is_authenticated else None
    existing = Response.objects.filter(
        consultation=consultation, idempotency_key=idempotency_key, status=ResponseStatus.SUBMITTED
    ).first()
    if existing:
        return Submission(existing, created=False)
    if channel == ResponseChannel.ONLINE:
        # Paper and phone responses received in time may be typed in by an organiser after closing.
        _check_open(consultation)
    _check_who(consultation, user, channel)
    if (
        member
        and consultation.one_response_per_member
        and channel == ResponseChannel.ONLINE
        and Response.objects.filter(consultation=consultation, member_key=member.pk).exists()
    ):
        raise ResponseRefused(
            "You have already responded to this consultation. You can see your response in My account."
        )

    response = None
    if member and channel == ResponseChannel.ONLINE:
        # Locked, so a double-click on PostgreSQL cannot turn the same draft into two submissions.
        response = (
            Response.objects.select_for_update()
            .filter(consultation=consultation, user=member, status=ResponseStatus.DRAFT)
            .first()
        )
    elif resume_token and channel == ResponseChannel.ONLINE:
        response = (
            Response.objects.select_for_update()
            .filter(consultation=consultation, user=None, resume_token=resume_token, status=ResponseStatus.DRAFT)
            .first()
        )
    if response is None:
        response = Response(consultation=consultation, user=member if channel == ResponseChannel.ONLINE else None)
    response.status = ResponseStatus.SUBMITTED
    response.resume_token = None
    response.idempotency_key = idempotency_key
    counts_as_members_one = consultation.one_response_per_member and channel == ResponseChannel.ONLINE
    response.member_key = member.pk if member is not None and counts_as_members_one else None
    response.channel = channel
    response.entered_by = entered_by
    response.consent_quote = consent_quote
    response.consent_contact = consent_contact
    response.contact_email = contact_email if (consent_contact or channel != ResponseChannel.ONLINE) else ""
    response.privacy_notice_version = consultation.privacy_notice_version
    response.submitted_at = timezone.now()
    response.submitted_on = timezone.localdate(response.submitted_at)
    for _ in range(5):
        response.reference = reference_new()
        try:
            with transaction.atomic():
                response.save()
            break
        except IntegrityError:
            # A concurrent retry of the same POST won the race: hand back its response.
            existing = Response.objects.filter(consultation=consultation, idempotency_key=idempotency_key).first()
            if existing:
                return Submission(existing, created=False)
            if member and Response.objects.filter(consultation=consultation, member_key=member.pk).exists():
                raise ResponseRefused("You have already responded to this consultation.") from None
            continue  # a reference collision: draw another
    else:  # pragma: no cover - five collisions in a 30^8 space
        raise ResponseRefused("We could not save your response. Please try again.")
    _answers_replace(response, answers)
    return Submission(response, created=True)


@transaction.atomic
def response_draft_save(
    *,
    consultation: ConsultationPage,
    user,
    answers: list[dict],
    consent_quote: bool,
    consent_contact: bool,
    contact_email: str = "",
) -> Response:
    if user is None or not user.is_authenticated:
        raise ResponseRefused("Sign in to save a draft.")
    _check_open(consultation)
    if (
        consultation.one_response_per_member
        and Response.objects.filter(consultation=consultation, member_key=user.pk).exists()
    ):
        raise ResponseRefused("You have already responded to this consultation.")
    response, _ = Response.objects.get_or_create(consultation=consultation, user=user, status=ResponseStatus.DRAFT)
    response.consent_quote = consent_quote
    response.consent_contact = consent_contact
    response.contact_email = contact_email
    response.save()
    _answers_replace(response, answers)
    return response


@transaction.atomic
def response_withdraw(*, response: Response, user) -> None:
    if (
        user is None
        or not user.is_authenticated
        or response.user_id != user.pk
        or response.status != ResponseStatus.SUBMITTED
    ):
        raise ResponseRefused("You can only withdraw your own submitted responses.")
    _check_open(response.consultation)
    response.status = ResponseStatus.WITHDRAWN
    response.member_key = None
    # A re-sent old form must make a new response, not find this withdrawn one.
    response.idempotency_key = None
    response.save(update_fields=["status", "member_key", "idempotency_key", "updated_at"])
    response.answers.update(counted=False)


def receipt_send(*, response: Response, to: str) -> None:
    """Queue the receipt by id: the answers are rendered in the worker, so they never sit in the task table."""
    from .tasks import receipt_email

    receipt_email.enqueue(response_id=response.pk, to=to)  # called after response_submit has committed


def quote_toggle(*, answer: Answer, selected: bool) -> Answer:
    """Choose a free-text answer as a quote for "You said, we did" (only where the respondent consented)."""
    if selected and not answer.response.consent_quote:
        raise ResponseRefused("This respondent did not agree to be quoted, so this answer cannot be used as a quote.")
    answer.quote_selected = selected
    answer.save(update_fields=["quote_selected"])  # retires the cached pages (signals.py): quotes show on them
    return answer


RESUME_SALT = "consultations.resume"


@transaction.atomic
def response_draft_save_anonymous(
    *,
    consultation: ConsultationPage,
    answers: list[dict],
    email: str,
    consent_quote: bool,
    consent_contact: bool,
    resume_token: str | None = None,
) -> tuple[Response, str]:
    """Save an anonymous draft and return (draft, signed link token). The token expires at closing."""
    from django.core import signing

    _check_open(consultation)
    if not consultation.allow_anonymous:
        raise ResponseRefused("Sign in to respond to this consultation.")
    response = None
    if resume_token:
        response = Response.objects.filter(
            consultation=consultation, resume_token=resume_token, status=ResponseStatus.DRAFT, user=None
        ).first()
    if response is None:
        response = Response(
            consultation=consultation, status=ResponseStatus.DRAFT, resume_token=secrets.token_urlsafe(32)
        )
    response.contact_email = email
    response.consent_quote = consent_quote
    response.consent_contact = consent_contact
    response.save()
    _answers_replace(response, answers)
    signed = signing.dumps({"c": consultation.pk, "t": response.resume_token}, salt=RESUME_SALT)
    return response, signed


def resume_token_read(*, consultation: ConsultationPage, signed: str) -> Response:
    """The anonymous draft behind a save-and-return link, or ResponseRefused if it is invalid or expired."""
    from django.core import signing

    try:
        data = signing.loads(signed, salt=RESUME_SALT)
    except signing.BadSignature:
        raise ResponseRefused("This save-and-return link is not valid. Check you copied all of it.") from None
    if data.get("c") != consultation.pk:
        raise ResponseRefused("This save-and-return link is for a different consultation.")
    _check_open(consultation)  # links expire when the consultation closes
    response = Response.objects.filter(
        consultation=consultation, resume_token=data.get("t"), status=ResponseStatus.DRAFT, user=None
    ).first()
    if response is None:
        raise ResponseRefused("This save-and-return link has already been used or the draft no longer exists.")
    return response


def resume_link_send(*, consultation: ConsultationPage, email: str, url: str) -> None:
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    from forum_site.core.tasks import email_enqueue

    closes = timezone.localtime(consultation.closes_at)
    body = render_to_string(
        "consultations/email/resume_link.txt", {"consultation": consultation, "url": url, "closes": closes}
    )
    email_enqueue(
        EmailMultiAlternatives(f"Your saved response: {consultation.title}", body, settings.DEFAULT_FROM_EMAIL, [email])
    )


@transaction.atomic
def responses_unlink(*, user) -> int:
    """Account deletion: responses stay (aggregates stay true) but lose every link to the member."""
    responses = Response.objects.filter(user=user)
    Response.objects.filter(user=user, status=ResponseStatus.DRAFT).delete()
    return responses.update(user=None, member_key=None, contact_email="", consent_contact=False)


@transaction.atomic
def outcome_publish(*, consultation: ConsultationPage) -> int:
    """First publication of "You said, we did": stamp it and tell respondents who asked to hear."""
    from forum_site.notifications.services import followers_notify

    from .tasks import outcome_notify

    if not consultation.outcome_published or consultation.outcome_published_at:
        return 0
    now = timezone.now()
    ConsultationPage.objects.filter(pk=consultation.pk).update(outcome_published_at=now)
    consultation.outcome_published_at = now
    pending = Response.objects.filter(
        consultation=consultation,
        status=ResponseStatus.SUBMITTED,
        consent_contact=True,
        outcome_notified_at__isnull=True,
    ).exclude(contact_email="")
    count = pending.count()
    transaction.on_commit(lambda: outcome_notify.enqueue(consultation_id=consultation.pk))
    followers_notify(
        target=consultation,
        subject=f'"You said, we did" is published: {consultation.title}',
        message="What people told us in this consultation, and what will change, is now published.",
        url=consultation.url,
    )
    return count


@transaction.atomic
def retention_apply(*, today=None) -> int:
    """Erase contact details and unselected free text after each consultation's retention date."""
    from datetime import timedelta

    from django.db.models import Q

    today = today or timezone.localdate()
    # No date set: a year after closing.
    default_cutoff = timezone.now() - timedelta(days=365)
    expired = ConsultationPage.objects.filter(
        Q(retention_until__lt=today) | Q(retention_until__isnull=True, closes_at__lt=default_cutoff)
    )
    # Nothing the public sees changes (chosen quotes are kept), so no cached page is retired.
    responses = Response.objects.filter(consultation__in=expired)
    erased = responses.exclude(contact_email="", user=None).update(contact_email="", user=None, member_key=None)
    Answer.objects.filter(response__consultation__in=expired, quote_selected=False).exclude(value_text="").update(
        value_text=""
    )
    responses.filter(status=ResponseStatus.DRAFT).delete()
    return erased


THEME_MAX = 60


@transaction.atomic
def answer_themes_set(*, answer: Answer, theme_ids: list[int], new_theme: str = "") -> Answer:
    """Code a free-text answer with themes of its own consultation; optionally create a new theme."""
    from .models import Theme

    themes = list(Theme.objects.filter(consultation_id=answer.consultation_id, id__in=theme_ids))
    if len(themes) != len(set(theme_ids)):
        raise ResponseRefused("One of those themes does not belong to this consultation.")
    name = " ".join(new_theme.split())
    if name:
        if len(name) > THEME_MAX or any(ch in "<>" for ch in name):
            raise ResponseRefused(f"A theme name must be {THEME_MAX} characters or fewer, without < or >.")
        theme, _ = Theme.objects.get_or_create(consultation_id=answer.consultation_id, name=name)
        themes.append(theme)
    answer.themes.set(themes)
    return answer
