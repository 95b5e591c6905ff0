"""Demo tracker for `load_demo_data`: the SEND review from seed 004 (12 recommendations, responses, a history of
updates, some slipped, some overdue, one completed and waiting for sign-off) and an older review fully signed off.

Idempotent: a review that already exists (by slug) is left alone. Dates are relative to today.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from forum_site.accounts.models import User
from forum_site.home.models import HomePage
from recommendations.models import (
    ImplementationStatus,
    ImplementationUpdate,
    Recommendation,
    ScrutinyReviewPage,
    SignOffDecision,
    SignOffState,
    Theme,
    TrackerIndexPage,
)
from recommendations.services import LOG_RESPONSE, RESPONSE_FIELDS

from .content import tracker as content

OFFICER_EMAIL = "officer@example.org"
SCRUTINY_EMAIL = "scrutiny@example.org"


def tracker_index_load(home: HomePage) -> TrackerIndexPage:
    index = TrackerIndexPage.objects.child_of(home).first() or TrackerIndexPage.objects.first()
    if index is None:
        index = TrackerIndexPage(**content.INDEX)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _review(index: TrackerIndexPage, spec: dict, today: datetime.date) -> tuple[ScrutinyReviewPage, bool]:
    existing = ScrutinyReviewPage.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing, False
    review = ScrutinyReviewPage(
        title=spec["title"],
        slug=spec["slug"],
        panel=spec["panel"],
        scope=spec["scope"],
        adopted_on=today + datetime.timedelta(days=spec["adopted_days"]),
        cabinet_response_on=today + datetime.timedelta(days=spec["response_days"]),
        lead_cabinet_member=spec["lead_cabinet_member"],
        lead_director=spec["lead_director"],
    )
    index.add_child(instance=review)
    review.save_revision().publish()
    return review, True


def _themes(names: list[str]) -> list[Theme]:
    return [Theme.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in names]


def _log_response(rec: Recommendation, user) -> None:
    after = {}
    for name in RESPONSE_FIELDS:
        value = getattr(rec, name)
        after[name] = value.isoformat() if isinstance(value, datetime.date) else value
    before = dict.fromkeys(RESPONSE_FIELDS) | {
        "response": "awaiting",
        "response_reasons": "",
        "cabinet_member": "",
        "lead_officer_name": "",
    }
    changed = [name for name in RESPONSE_FIELDS if before[name] != after[name]]
    log(instance=rec, action=LOG_RESPONSE, user=user, data={"before": before, "after": after, "changed": changed})


def _add_updates(rec: Recommendation, updates: list[tuple], author, today: datetime.date) -> None:
    """Append the updates and copy the latest to the recommendation, as services.update_add does."""
    for days, status, rag, percent, narrative, revised_days, slip_reason in updates:
        revised = today + datetime.timedelta(days=revised_days) if revised_days is not None else None
        ImplementationUpdate.objects.create(
            recommendation=rec,
            date=today + datetime.timedelta(days=days),
            status=status,
            rag=rag,
            percent_complete=percent,
            narrative=narrative,
            revised_target_date=revised,
            slip_reason=slip_reason,
            author=author,
        )
        rec.status, rec.rag, rec.percent_complete = status, rag, percent
        rec.last_update_on = today + datetime.timedelta(days=days)
        if revised:
            rec.revised_target_date = revised
    rec.save()


def _sign_off(rec: Recommendation, user, days: int, today: datetime.date) -> None:
    when = timezone.now() + datetime.timedelta(days=days)
    SignOffDecision.objects.create(
        recommendation=rec,
        decision=SignOffState.ACHIEVED,
        decided_by=user,
        decided_at=when,
        comment="Evidence seen by the panel.",
    )
    rec.sign_off, rec.signed_off_at = SignOffState.ACHIEVED, when
    rec.save()


@transaction.atomic
def demo_tracker_load(home: HomePage) -> TrackerIndexPage:
    today = timezone.localdate()
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    scrutiny = User.objects.filter(email=SCRUTINY_EMAIL).first()
    index = tracker_index_load(home)

    review, created = _review(index, content.SEND_REVIEW, today)
    if created:
        decided = review.cabinet_response_on
        for position, spec in enumerate(content.SEND_RECOMMENDATIONS, start=1):
            reference, title, text, themes, response, reasons, assigned, lead, target_days, updates = spec
            rec = Recommendation.objects.create(
                review=review,
                reference=reference,
                position=position,
                title=title,
                text=text,
                addressed_to="Cabinet",
                response=response,
                response_reasons=reasons,
                response_decided_on=decided,
                cabinet_member=content.CABINET_MEMBER,
                lead_officer_name=lead,
                officer=officer if assigned else None,
                target_date=today + datetime.timedelta(days=target_days) if target_days is not None else None,
            )
            rec.themes.set(_themes(themes))
            _log_response(rec, officer)
            _add_updates(rec, updates, officer, today)
            if reference == "7":
                _sign_off(rec, scrutiny, -60, today)

    old, created = _review(index, content.OLD_REVIEW, today)
    if created:
        for position, (reference, title, text, themes, done_days) in enumerate(content.OLD_RECOMMENDATIONS, start=1):
            rec = Recommendation.objects.create(
                review=old,
                reference=reference,
                position=position,
                title=title,
                text=text,
                addressed_to="Cabinet",
                response="agreed",
                response_decided_on=old.cabinet_response_on,
                cabinet_member=content.CABINET_MEMBER,
                lead_officer_name="Head of Short Breaks",
                target_date=today + datetime.timedelta(days=done_days + 30),
            )
            rec.themes.set(_themes(themes))
            _add_updates(
                rec,
                [
                    (
                        done_days - 200,
                        ImplementationStatus.ON_TRACK,
                        "green",
                        50,
                        "Work under way with families.",
                        None,
                        "",
                    ),
                    (
                        done_days,
                        ImplementationStatus.COMPLETED,
                        "green",
                        100,
                        "Done, and reported to the panel.",
                        None,
                        "",
                    ),
                ],
                None,
                today,
            )
            _sign_off(rec, scrutiny, done_days + 40, today)
    return index
