"""Writes for the tracker: cabinet responses, implementation updates, actions, sign-off, notes, imports.

Every function is keyword-only and runs in one transaction, so nothing is half-saved. Two kinds of "no":

* :class:`TrackerRefused`: the user may not do this, or the recommendation is in the wrong state (the
  message is shown to them as it is);
* ``django.core.exceptions.ValidationError`` with a dict of field -> message: bad values, which views put
  beside the form's fields (``form.add_error(None, error)``).

Changes to a response and sign-off decisions are written to Wagtail's audit log (custom actions
registered in wagtail_hooks.py) with before/after values; staff_selectors.response_history reads them back.

Followers' notifications (built later) belong after commit in :func:`update_add` and
:func:`sign_off_record`, where the ``transaction.on_commit`` comment says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from forum_site.core.sanitize import plain_excerpt
from forum_site.notifications.services import followers_notify

from . import permissions
from .models import (
    Action,
    ImplementationStatus,
    ImplementationUpdate,
    InternalNote,
    Rag,
    Recommendation,
    ResponseDecision,
    ScrutinyReviewPage,
    SignOffDecision,
    SignOffState,
    Theme,
)

LOG_RESPONSE = "recommendations.response"
LOG_SIGN_OFF = "recommendations.sign_off"
LOG_IMPORT = "recommendations.import"

# The fields of the cabinet's response, as stored on Recommendation (audit-logged with before/after values).
RESPONSE_FIELDS = (
    "response",
    "response_reasons",
    "response_decided_on",
    "cabinet_member",
    "lead_officer_name",
    "target_date",
)
MAX_EVIDENCE_LINKS = 10
ACCEPTED = (ResponseDecision.AGREED, ResponseDecision.PARTIALLY_AGREED)


class TrackerRefused(Exception):
    """The action is not allowed (who is asking, or the state the recommendation is in)."""


def _fmt(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


# --- Rules shared by the forms' services and the spreadsheet import --------------------------------


def response_problems(
    *,
    review: ScrutinyReviewPage,
    decision: str,
    reasons: str,
    decided_on: datetime.date | None,
    target_date: datetime.date | None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Field name -> message for a cabinet response that breaks the rules (empty when it is fine)."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if decision not in ResponseDecision.values:
        problems["response"] = "Choose agreed, partially agreed, rejected or awaiting response."
        return problems
    if decision in (ResponseDecision.PARTIALLY_AGREED, ResponseDecision.REJECTED) and not reasons.strip():
        label = ResponseDecision(decision).label.lower()
        problems["response_reasons"] = f"Give the cabinet's reasons: the recommendation was {label}."
    if decision == ResponseDecision.AWAITING:
        if decided_on is not None:
            problems["response_decided_on"] = "Leave the decision date empty while the response is awaited."
    elif decided_on is None:
        problems["response_decided_on"] = "Enter the date of the cabinet's decision."
    elif decided_on > today:
        problems["response_decided_on"] = "The decision date cannot be in the future."
    elif review.adopted_on and decided_on < review.adopted_on:
        problems["response_decided_on"] = (
            f"The decision date cannot be before the review was adopted ({_fmt(review.adopted_on)})."
        )
    if target_date is not None and decided_on is not None and target_date < decided_on:
        problems["target_date"] = "The target date cannot be before the decision date."
    return problems


# --- The cabinet's response ---------------------------------------------------------------------------


def _response_values(recommendation: Recommendation) -> dict[str, str | None]:
    values = {}
    for name in RESPONSE_FIELDS:
        value = getattr(recommendation, name)
        values[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return values


@transaction.atomic
def response_record(
    *,
    recommendation: Recommendation,
    user,
    decision: str,
    reasons: str = "",
    decided_on: datetime.date | None = None,
    cabinet_member: str = "",
    lead_officer_name: str = "",
    target_date: datetime.date | None = None,
) -> Recommendation:
    """Record (or correct) the cabinet's response. Each change is audit-logged with before and after values."""
    if not permissions.can_record_response(user, recommendation):
        raise TrackerRefused(
            "Only the officer assigned to this recommendation, or a forum organiser, can record its response."
        )
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",)).select_related("review").get(pk=recommendation.pk)
    )
    problems = response_problems(
        review=recommendation.review, decision=decision, reasons=reasons, decided_on=decided_on, target_date=target_date
    )
    if problems:
        raise ValidationError(problems)
    before = _response_values(recommendation)
    recommendation.response = decision
    recommendation.response_reasons = reasons.strip()
    recommendation.response_decided_on = decided_on
    recommendation.cabinet_member = cabinet_member.strip()
    recommendation.lead_officer_name = lead_officer_name.strip()
    recommendation.target_date = target_date
    after = _response_values(recommendation)
    changed = [name for name in RESPONSE_FIELDS if before[name] != after[name]]
    if not changed:
        return recommendation
    recommendation.save()
    log(
        instance=recommendation,
        action=LOG_RESPONSE,
        user=user,
        data={"before": before, "after": after, "changed": changed},
        content_changed=True,
    )
    return recommendation


# --- Implementation updates and actions ---------------------------------------------------------------


def _rolled_up_percent(recommendation: Recommendation) -> int | None:
    """The mean of the actions' percent complete (rounded half up), or None without actions."""
    percents = list(recommendation.actions.values_list("percent_complete", flat=True))
    if not percents:
        return None
    return (2 * sum(percents) + len(percents)) // (2 * len(percents))


def _check_can_record(user, recommendation: Recommendation) -> None:
    if not permissions.can_record_for(user, recommendation):
        raise TrackerRefused("You can only record progress on recommendations assigned to you.")


def _check_open_for_progress(recommendation: Recommendation) -> None:
    if recommendation.response not in ACCEPTED:
        raise TrackerRefused(
            "Progress is recorded only for recommendations the cabinet agreed or partially agreed "
            f"(this one is: {recommendation.get_response_display().lower()})."
        )
    if recommendation.sign_off == SignOffState.ACHIEVED:
        raise TrackerRefused("This recommendation has been signed off as achieved, so it takes no more updates.")


def _evidence_problems(links: list[str]) -> str | None:
    if len(links) > MAX_EVIDENCE_LINKS:
        return f"Give at most {MAX_EVIDENCE_LINKS} evidence links."
    check = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check(link)
        except ValidationError:
            return f"“{link[:80]}” is not a web address (it should start with https://)."
    return None


@transaction.atomic
def update_add(
    *,
    recommendation: Recommendation,
    user,
    status: str,
    rag: str,
    narrative: str,
    percent_complete: int | None = None,
    date: datetime.date | None = None,
    evidence_links: list[str] | None = None,
    revised_target_date: datetime.date | None = None,
    slip_reason: str = "",
) -> ImplementationUpdate:
    """Append an implementation update and copy its status, RAG and percent to the recommendation.

    With actions, the percent complete is their roll-up (mean) and `percent_complete` is ignored. A slipped
    status needs a revised target date and a reason. The recommendation's revised target date is the one
    given by the latest update that gave one.
    """
    _check_can_record(user, recommendation)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _check_open_for_progress(recommendation)
    today = timezone.localdate()
    date = date or today
    evidence_links = [link.strip() for link in (evidence_links or []) if link.strip()]
    narrative, slip_reason = narrative.strip(), slip_reason.strip()
    rolled_up = _rolled_up_percent(recommendation)
    percent = rolled_up if rolled_up is not None else percent_complete

    problems: dict[str, str] = {}
    if status not in ImplementationStatus.values:
        problems["status"] = "Choose a status."
    if rag not in Rag.values:
        problems["rag"] = "Choose red, amber or green."
    if not narrative:
        problems["narrative"] = "Say what has happened since the last update."
    if percent is None:
        problems["percent_complete"] = "Enter the percentage complete, from 0 to 100."
    elif not 0 <= percent <= 100:
        problems["percent_complete"] = "The percentage complete must be from 0 to 100."
    elif status == ImplementationStatus.COMPLETED and percent != 100:
        problems["percent_complete"] = (
            "Every action must be 100% complete before the recommendation is completed."
            if rolled_up is not None
            else "A completed recommendation is 100% complete."
        )
    if date > today:
        problems["date"] = "The update's date cannot be in the future."
    else:
        latest = recommendation.updates.aggregate(latest=Max("date"))["latest"]
        if latest and date < latest:
            problems["date"] = f"The date cannot be before the latest update ({_fmt(latest)})."
    if status == ImplementationStatus.SLIPPED:
        if revised_target_date is None:
            problems["revised_target_date"] = "A slipped recommendation needs a revised target date."
        elif revised_target_date <= date:
            problems["revised_target_date"] = "The revised target date must be after the update's date."
        if not slip_reason:
            problems["slip_reason"] = "Say why the recommendation has slipped."
    elif revised_target_date is not None and revised_target_date < date:
        problems["revised_target_date"] = "The revised target date cannot be before the update's date."
    evidence_problem = _evidence_problems(evidence_links)
    if evidence_problem:
        problems["evidence_links"] = evidence_problem
    if problems:
        raise ValidationError(problems)
    assert percent is not None  # refused above

    update = ImplementationUpdate.objects.create(
        recommendation=recommendation,
        date=date,
        status=status,
        rag=rag,
        percent_complete=percent,
        narrative=narrative,
        evidence_links=evidence_links,
        revised_target_date=revised_target_date,
        slip_reason=slip_reason,
        author=user,
    )
    recommendation.status = status
    recommendation.rag = rag
    recommendation.percent_complete = percent
    if revised_target_date is not None:
        recommendation.revised_target_date = revised_target_date
    recommendation.last_update_on = date
    if recommendation.sign_off == SignOffState.SENT_BACK:
        # Sent back and now updated again: it waits for a fresh decision (history stays in SignOffDecision).
        recommendation.sign_off = SignOffState.NONE
    recommendation.save()
    _followers_tell(
        recommendation,
        subject=f"Update on recommendation {recommendation.reference}: {recommendation.title}",
        message=f"{update.get_status_display()}, {update.percent_complete}% complete (RAG: {update.get_rag_display()}).\n\n"
        + plain_excerpt(narrative, 600),
    )
    return update


def _roll_up(recommendation: Recommendation) -> None:
    percent = _rolled_up_percent(recommendation)
    if percent is not None and percent != recommendation.percent_complete:
        recommendation.percent_complete = percent
        recommendation.save(update_fields=["percent_complete", "updated_at"])


@transaction.atomic
def action_add(
    *,
    recommendation: Recommendation,
    user,
    title: str,
    owner: str = "",
    target_date: datetime.date | None = None,
    percent_complete: int = 0,
) -> Action:
    """Add an action under a recommendation; the recommendation's percent becomes the actions' roll-up."""
    _check_can_record(user, recommendation)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _check_open_for_progress(recommendation)
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = "Give the action a title."
    if not 0 <= percent_complete <= 100:
        problems["percent_complete"] = "The percentage complete must be from 0 to 100."
    if problems:
        raise ValidationError(problems)
    position = (recommendation.actions.aggregate(m=Max("position"))["m"] or 0) + 1
    action = Action.objects.create(
        recommendation=recommendation,
        title=title.strip(),
        owner=owner.strip(),
        target_date=target_date,
        percent_complete=percent_complete,
        position=position,
    )
    _roll_up(recommendation)
    return action


@transaction.atomic
def action_progress(*, action: Action, user, percent_complete: int) -> Action:
    """Set an action's percent complete and roll it up to its recommendation."""
    recommendation = Recommendation.objects.select_for_update().get(pk=action.recommendation_id)
    _check_can_record(user, recommendation)
    _check_open_for_progress(recommendation)
    if not 0 <= percent_complete <= 100:
        raise ValidationError({"percent_complete": "The percentage complete must be from 0 to 100."})
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.percent_complete = percent_complete
    action.save(update_fields=["percent_complete"])
    _roll_up(recommendation)
    return action


# --- Scrutiny: sign-off and internal notes ------------------------------------------------------------


@transaction.atomic
def sign_off_record(*, recommendation: Recommendation, user, decision: str, comment: str = "") -> SignOffDecision:
    """A scrutiny member signs off a completed recommendation as achieved, or sends it back with a comment."""
    if not permissions.can_sign_off(user):
        raise TrackerRefused("Only scrutiny members can sign off recommendations.")
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    comment = comment.strip()
    if decision not in (SignOffState.ACHIEVED, SignOffState.SENT_BACK):
        raise ValidationError({"decision": "Choose achieved or send back."})
    if recommendation.sign_off == SignOffState.ACHIEVED:
        raise TrackerRefused("This recommendation has already been signed off as achieved.")
    if recommendation.status != ImplementationStatus.COMPLETED:
        raise TrackerRefused(
            "Only a completed recommendation can be signed off or sent back "
            f"(this one is: {recommendation.get_status_display().lower()})."
        )
    if decision == SignOffState.SENT_BACK and not comment:
        raise ValidationError({"comment": "Say why the recommendation is sent back."})
    before = recommendation.sign_off
    now = timezone.now()
    record = SignOffDecision.objects.create(
        recommendation=recommendation, decision=decision, comment=comment, decided_by=user, decided_at=now
    )
    recommendation.sign_off = decision
    recommendation.signed_off_at = now if decision == SignOffState.ACHIEVED else None
    recommendation.save()
    log(
        instance=recommendation,
        action=LOG_SIGN_OFF,
        user=user,
        data={"before": before, "after": decision, "comment": comment},
        content_changed=True,
    )
    outcome = "signed off as achieved" if decision == SignOffState.ACHIEVED else "sent back for more work"
    _followers_tell(
        recommendation,
        subject=f"Recommendation {recommendation.reference} {outcome}: {recommendation.title}",
        message=f"The scrutiny committee has {outcome} this recommendation.",
    )
    return record


def _followers_tell(recommendation: Recommendation, *, subject: str, message: str) -> None:
    """Followers of the recommendation and of its review hear about an update or a sign-off (after commit)."""
    url = recommendation.get_absolute_url()
    for target in (recommendation, recommendation.review):
        followers_notify(target=target, subject=subject, message=message, url=url)


@transaction.atomic
def note_add(*, recommendation: Recommendation, user, text: str) -> InternalNote:
    """A scrutiny member's internal note: never public, never exported."""
    if not permissions.can_write_notes(user):
        raise TrackerRefused("Only scrutiny members can write internal notes.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note."})
    if len(text) > 4000:
        raise ValidationError({"text": "A note must be 4,000 characters or fewer."})
    return InternalNote.objects.create(recommendation=recommendation, text=text, author=user)


# --- Import ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    """One valid row of a spreadsheet, as recommendations.imports cleans it."""

    row_number: int
    reference: str
    title: str
    text: str
    themes: list[str] = field(default_factory=list)
    addressed_to: str = ""
    response: str = ResponseDecision.AWAITING
    reasons: str = ""
    decided_on: datetime.date | None = None
    cabinet_member: str = ""
    lead_officer_name: str = ""
    target_date: datetime.date | None = None

    @property
    def response_label(self) -> str:
        return ResponseDecision(self.response).label


def _themes_for(names: set[str]) -> dict[str, Theme]:
    """Existing themes by lower-case name; missing ones are created."""
    by_name = {t.name.lower(): t for t in Theme.objects.all()}
    for name in sorted(names):
        if name.lower() not in by_name:
            base = slugify(name)[:70] or "theme"
            slug, n = base, 2
            while Theme.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            by_name[name.lower()] = Theme.objects.create(name=name, slug=slug)
    return by_name


@transaction.atomic
def recommendations_import(*, review: ScrutinyReviewPage, rows: list[ImportRow], user) -> list[Recommendation]:
    """Save every row, or none: the rows were validated by recommendations.imports, and are checked again
    here against what is in the database now (another import may have added a reference since)."""
    if not permissions.can_import(user):
        raise TrackerRefused("Only forum organisers can import recommendations.")
    if not rows:
        raise TrackerRefused("There is nothing to import.")
    existing = set(Recommendation.objects.filter(review=review).values_list("reference", flat=True))
    clashes = sorted({row.reference for row in rows} & existing)
    if clashes:
        raise TrackerRefused(
            f"These references are already in this review: {', '.join(clashes)}. Nothing was imported."
        )
    themes = _themes_for({name for row in rows for name in row.themes})
    position = Recommendation.objects.filter(review=review).aggregate(m=Max("position"))["m"] or 0
    created = []
    try:
        with transaction.atomic():
            for row in rows:
                position += 1
                recommendation = Recommendation.objects.create(
                    review=review,
                    reference=row.reference,
                    position=position,
                    title=row.title,
                    text=row.text,
                    addressed_to=row.addressed_to,
                    response=row.response,
                    response_reasons=row.reasons,
                    response_decided_on=row.decided_on,
                    cabinet_member=row.cabinet_member,
                    lead_officer_name=row.lead_officer_name,
                    target_date=row.target_date,
                )
                if row.themes:
                    recommendation.themes.set([themes[name.lower()] for name in row.themes])
                log(
                    instance=recommendation,
                    action=LOG_RESPONSE,
                    user=user,
                    data={"before": None, "after": _response_values(recommendation), "changed": [], "imported": True},
                    content_changed=True,
                )
                created.append(recommendation)
    except IntegrityError:
        raise TrackerRefused("Another import added some of these references just now. Nothing was imported.") from None
    log(instance=review, action=LOG_IMPORT, user=user, data={"count": len(created)})
    return created
