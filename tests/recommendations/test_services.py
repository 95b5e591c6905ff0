"""Tracker writes: responses (audit-logged), updates, actions and their roll-up, sign-off, notes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from recommendations import services, staff_selectors
from recommendations.models import (
    ImplementationStatus,
    ImplementationUpdate,
    InternalNote,
    Recommendation,
    ResponseDecision,
    SignOffDecision,
    SignOffState,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def rec(make_recommendation, officer):
    return make_recommendation(officer=officer)


def update(rec, user, **overrides):
    fields = {
        "status": ImplementationStatus.ON_TRACK,
        "rag": "green",
        "percent_complete": 40,
        "narrative": "Panel met in May.",
    }
    fields.update(overrides)
    return services.update_add(recommendation=rec, user=user, **fields)


def completed(rec, user):
    update(rec, user, status=ImplementationStatus.COMPLETED, percent_complete=100)
    rec.refresh_from_db()
    return rec


# --- Responses ---------------------------------------------------------------------------------------


def test_response_record_saves_and_logs_before_and_after(make_recommendation, officer):
    rec = make_recommendation(officer=officer, response=ResponseDecision.AWAITING, target_date=None)
    decided = rec.review.adopted_on + 20 * DAY
    services.response_record(
        recommendation=rec,
        user=officer,
        decision=ResponseDecision.PARTIALLY_AGREED,
        reasons="Funding for educational psychologists is not needed now.",
        decided_on=decided,
        cabinet_member="Cabinet Member for Children",
        lead_officer_name="Head of SEND",
        target_date=decided + 90 * DAY,
    )
    rec.refresh_from_db()
    assert rec.response == ResponseDecision.PARTIALLY_AGREED
    assert rec.response_decided_on == decided and rec.lead_officer_name == "Head of SEND"
    entry = ModelLogEntry.objects.for_instance(rec).get(action=services.LOG_RESPONSE)
    assert entry.user == officer
    assert entry.data["before"]["response"] == "awaiting"
    assert entry.data["after"]["response"] == "partially_agreed"
    assert entry.data["after"]["response_decided_on"] == decided.isoformat()
    assert "response_reasons" in entry.data["changed"]

    # A correction is a second entry; the history shows both, newest first, with labels.
    services.response_record(
        recommendation=rec,
        user=officer,
        decision=ResponseDecision.AGREED,
        reasons="",
        decided_on=decided,
        cabinet_member="Cabinet Member for Children",
        lead_officer_name="Head of SEND",
        target_date=decided + 90 * DAY,
    )
    history = staff_selectors.response_history(recommendation=rec)
    assert len(history) == 2
    first_change = {c.label: (c.before, c.after) for c in history[0].changes}
    assert first_change["Response"] == ("Partially agreed", "Agreed")


def test_response_record_unchanged_writes_no_log(make_recommendation, organiser):
    rec = make_recommendation(response=ResponseDecision.AWAITING, target_date=None)
    services.response_record(recommendation=rec, user=organiser, decision=ResponseDecision.AWAITING)
    assert not ModelLogEntry.objects.for_instance(rec).exists()


@pytest.mark.parametrize(
    ("decision", "reasons", "decided_offset", "target_offset", "field"),
    [
        ("partially_agreed", "", 10, None, "response_reasons"),
        ("rejected", "   ", 10, None, "response_reasons"),
        ("agreed", "", None, None, "response_decided_on"),
        ("agreed", "", -5, None, "response_decided_on"),  # before adoption
        ("awaiting", "", 10, None, "response_decided_on"),
        ("agreed", "", 10, 5, "target_date"),
        ("maybe", "", 10, None, "response"),
    ],
)
def test_response_record_rules(make_recommendation, officer, decision, reasons, decided_offset, target_offset, field):
    rec = make_recommendation(officer=officer, response=ResponseDecision.AWAITING, target_date=None)
    adopted = rec.review.adopted_on
    with pytest.raises(ValidationError) as error:
        services.response_record(
            recommendation=rec,
            user=officer,
            decision=decision,
            reasons=reasons,
            decided_on=adopted + decided_offset * DAY if decided_offset is not None else None,
            target_date=adopted + target_offset * DAY if target_offset is not None else None,
        )
    assert field in error.value.message_dict
    rec.refresh_from_db()
    assert rec.response == ResponseDecision.AWAITING
    assert not ModelLogEntry.objects.for_instance(rec).exists()


def test_response_decision_in_the_future_is_refused(make_review, make_recommendation, officer):
    review = make_review(adopted_on=TODAY - 10 * DAY)
    rec = make_recommendation(review=review, officer=officer, response=ResponseDecision.AWAITING)
    with pytest.raises(ValidationError) as error:
        services.response_record(recommendation=rec, user=officer, decision="agreed", decided_on=TODAY + DAY)
    assert "future" in error.value.message_dict["response_decided_on"][0]


@pytest.mark.parametrize("who", ["other_officer", "scrutiny_member", "parent"])
def test_response_record_refused_for_others(request, rec, who):
    user = UserFactory(role="Council officers") if who == "other_officer" else request.getfixturevalue(who)
    with pytest.raises(services.TrackerRefused):
        services.response_record(recommendation=rec, user=user, decision="rejected", reasons="No")
    rec.refresh_from_db()
    assert rec.response == ResponseDecision.AGREED


def test_organiser_and_admin_record_responses(rec, organiser, site_admin):
    day = rec.review.adopted_on + DAY
    services.response_record(recommendation=rec, user=organiser, decision="agreed", decided_on=day)
    services.response_record(
        recommendation=rec, user=site_admin, decision="rejected", reasons="Too costly", decided_on=day
    )
    rec.refresh_from_db()
    assert rec.response == "rejected"
    assert ModelLogEntry.objects.for_instance(rec).filter(action=services.LOG_RESPONSE).count() == 2


# --- Updates --------------------------------------------------------------------------------------------


def test_update_add_copies_to_recommendation(rec, officer):
    u = update(
        rec, officer, status="at_risk", rag="amber", percent_complete=35, evidence_links=["https://example.org/report"]
    )
    rec.refresh_from_db()
    assert (rec.status, rec.rag, rec.percent_complete, rec.last_update_on) == ("at_risk", "amber", 35, TODAY)
    assert u.author == officer and u.evidence_links == ["https://example.org/report"]


def test_slipped_needs_revised_date_and_reason(rec, officer):
    with pytest.raises(ValidationError) as error:
        update(rec, officer, status="slipped", rag="red")
    assert {"revised_target_date", "slip_reason"} <= set(error.value.message_dict)
    assert not ImplementationUpdate.objects.exists()

    with pytest.raises(ValidationError) as error:
        update(rec, officer, status="slipped", rag="red", revised_target_date=TODAY - DAY, slip_reason="Staff left")
    assert "revised_target_date" in error.value.message_dict

    update(rec, officer, status="slipped", rag="red", revised_target_date=TODAY + 60 * DAY, slip_reason="Staff left")
    rec.refresh_from_db()
    assert rec.status == "slipped" and rec.revised_target_date == TODAY + 60 * DAY
    assert rec.effective_target_date == TODAY + 60 * DAY
    # A later on-track update without a new date keeps the revised target.
    update(rec, officer)
    rec.refresh_from_db()
    assert rec.revised_target_date == TODAY + 60 * DAY and rec.status == "on_track"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"percent_complete": 101}, "percent_complete"),
        ({"percent_complete": -1}, "percent_complete"),
        ({"percent_complete": None}, "percent_complete"),
        ({"status": "completed", "percent_complete": 90}, "percent_complete"),
        ({"status": "finished"}, "status"),
        ({"rag": "purple"}, "rag"),
        ({"narrative": "   "}, "narrative"),
        ({"date": TODAY + DAY}, "date"),
        ({"evidence_links": ["javascript:alert(1)"]}, "evidence_links"),
        ({"evidence_links": [f"https://example.org/{n}" for n in range(11)]}, "evidence_links"),
    ],
)
def test_update_add_bad_values(rec, officer, overrides, field):
    with pytest.raises(ValidationError) as error:
        update(rec, officer, **overrides)
    assert field in error.value.message_dict
    rec.refresh_from_db()
    assert rec.status == ImplementationStatus.NOT_STARTED and not ImplementationUpdate.objects.exists()


def test_update_cannot_be_dated_before_the_latest(rec, officer):
    update(rec, officer, date=TODAY - 2 * DAY)
    with pytest.raises(ValidationError) as error:
        update(rec, officer, date=TODAY - 3 * DAY)
    assert "date" in error.value.message_dict


def test_update_refused_for_other_officer_scrutiny_organiser(rec, organiser, scrutiny_member):
    for user in (UserFactory(role="Council officers"), organiser, scrutiny_member):
        with pytest.raises(services.TrackerRefused):
            update(rec, user)
    assert not ImplementationUpdate.objects.exists()


def test_admin_may_add_updates_to_any_recommendation(rec, site_admin):
    update(rec, site_admin)
    assert ImplementationUpdate.objects.get().author == site_admin


@pytest.mark.parametrize("response", ["rejected", "awaiting"])
def test_update_refused_unless_accepted(make_recommendation, officer, response):
    rec = make_recommendation(officer=officer, response=response)
    with pytest.raises(services.TrackerRefused):
        update(rec, officer)


# --- Actions and roll-up ----------------------------------------------------------------------------------


def test_action_progress_rolls_up_as_the_mean(rec, officer):
    a = services.action_add(recommendation=rec, user=officer, title="Recruit two EPs", owner="Principal EP")
    b = services.action_add(recommendation=rec, user=officer, title="Publish waiting times")
    services.action_progress(action=a, user=officer, percent_complete=50)
    services.action_progress(action=b, user=officer, percent_complete=25)
    rec.refresh_from_db()
    assert rec.percent_complete == 38  # (50 + 25) / 2 = 37.5, rounded half up
    # An update with actions takes the roll-up, whatever percent is typed.
    u = update(rec, officer, percent_complete=90)
    assert u.percent_complete == 38
    # Completed needs every action at 100.
    with pytest.raises(ValidationError):
        update(rec, officer, status="completed")
    services.action_progress(action=a, user=officer, percent_complete=100)
    services.action_progress(action=b, user=officer, percent_complete=100)
    update(rec, officer, status="completed")
    rec.refresh_from_db()
    assert rec.status == "completed" and rec.percent_complete == 100


def test_action_bad_values_and_other_officer(rec, officer):
    with pytest.raises(ValidationError):
        services.action_add(recommendation=rec, user=officer, title="  ")
    a = services.action_add(recommendation=rec, user=officer, title="Audit")
    with pytest.raises(ValidationError):
        services.action_progress(action=a, user=officer, percent_complete=120)
    with pytest.raises(services.TrackerRefused):
        services.action_progress(action=a, user=UserFactory(role="Council officers"), percent_complete=10)
    a.refresh_from_db()
    assert a.percent_complete == 0


# --- Sign-off and notes ------------------------------------------------------------------------------------


def test_sign_off_achieved_only_when_completed(rec, officer, scrutiny_member):
    update(rec, officer)
    with pytest.raises(services.TrackerRefused):
        services.sign_off_record(recommendation=rec, user=scrutiny_member, decision="achieved")
    assert not SignOffDecision.objects.exists()
    completed(rec, officer)
    services.sign_off_record(recommendation=rec, user=scrutiny_member, decision="achieved")
    rec.refresh_from_db()
    assert rec.sign_off == SignOffState.ACHIEVED and rec.signed_off_at is not None
    entry = ModelLogEntry.objects.for_instance(rec).get(action=services.LOG_SIGN_OFF)
    assert entry.user == scrutiny_member and entry.data["after"] == "achieved"
    # Signed off: no more decisions, no more updates.
    with pytest.raises(services.TrackerRefused):
        services.sign_off_record(recommendation=rec, user=scrutiny_member, decision="sent_back", comment="No")
    with pytest.raises(services.TrackerRefused):
        update(rec, officer)


def test_send_back_needs_a_comment_and_waits_for_a_new_update(rec, officer, scrutiny_member):
    completed(rec, officer)
    with pytest.raises(ValidationError) as error:
        services.sign_off_record(recommendation=rec, user=scrutiny_member, decision="sent_back", comment=" ")
    assert "comment" in error.value.message_dict
    services.sign_off_record(recommendation=rec, user=scrutiny_member, decision="sent_back", comment="No evidence")
    rec.refresh_from_db()
    assert rec.sign_off == SignOffState.SENT_BACK and rec.signed_off_at is None
    assert rec not in Recommendation.objects.awaiting_sign_off().exclude(sign_off=SignOffState.SENT_BACK)
    completed(rec, officer)
    assert rec.sign_off == SignOffState.NONE
    assert SignOffDecision.objects.get().comment == "No evidence"


@pytest.mark.parametrize("who", ["officer", "organiser", "parent"])
def test_sign_off_refused_for_non_scrutiny(request, rec, officer, who):
    completed(rec, officer)
    with pytest.raises(services.TrackerRefused):
        services.sign_off_record(recommendation=rec, user=request.getfixturevalue(who), decision="achieved")
    rec.refresh_from_db()
    assert rec.sign_off == SignOffState.NONE


def test_sign_off_bad_decision(rec, officer, scrutiny_member):
    completed(rec, officer)
    with pytest.raises(ValidationError):
        services.sign_off_record(recommendation=rec, user=scrutiny_member, decision="maybe")


def test_notes(rec, scrutiny_member, officer, organiser):
    note = services.note_add(recommendation=rec, user=scrutiny_member, text="  Ask about EP vacancies <b>now</b> ")
    assert note.text == "Ask about EP vacancies <b>now</b>"
    with pytest.raises(ValidationError):
        services.note_add(recommendation=rec, user=scrutiny_member, text=" ")
    with pytest.raises(ValidationError):
        services.note_add(recommendation=rec, user=scrutiny_member, text="x" * 4001)
    for user in (officer, organiser):
        with pytest.raises(services.TrackerRefused):
            services.note_add(recommendation=rec, user=user, text="Hello")
    assert InternalNote.objects.count() == 1
