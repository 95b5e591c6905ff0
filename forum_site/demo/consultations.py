"""Demo consultations for `load_demo_data`: one open (with a few hundred responses), one upcoming,
one closed with its "You said, we did" published. Idempotent: existing pages are left alone."""

from __future__ import annotations

import json
import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from consultations.blocks import PROFILE_CHOICES, RATING_CHOICES, YES_NO_CHOICES
from consultations.models import Answer, ConsultationIndexPage, ConsultationPage, Response, ResponseStatus
from consultations.services import REFERENCE_ALPHABET
from forum_site.home.models import HomePage

from .content import consultations as demo_content

RESPONSES = {"open": 320, "closed": 240}


def _dates(state: str, now):
    if state == "open":
        return now - timedelta(days=20), now + timedelta(days=25)
    if state == "upcoming":
        return now + timedelta(days=14), now + timedelta(days=70)
    return now - timedelta(days=100), now - timedelta(days=30)


def _stream(blocks) -> str:
    return json.dumps([{"type": t, "value": v, "id": str(uuid.uuid4())} for t, v in blocks])


def consultation_index_load(home: HomePage) -> ConsultationIndexPage:
    index = ConsultationIndexPage.objects.child_of(home).first()
    if index is None:
        index = ConsultationIndexPage(
            title="Consultations",
            slug="consultations",
            intro="Have your say on Northfield's SEND services. After each consultation closes we publish what "
            "people told us and what will change.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _options(block_type: str, value: dict) -> list[str]:
    if block_type == "yes_no":
        return YES_NO_CHOICES
    if block_type == "rating":
        return RATING_CHOICES
    if block_type == "about_you":
        return PROFILE_CHOICES[value["profile"]][1]
    return list(value.get("choices", [])) + (["Other"] if value.get("allow_other") else [])


def _fake_responses(page: ConsultationPage, spec: dict, count: int, rng: random.Random) -> None:
    blocks = list(page.questions)
    start, end = page.opens_at, min(page.closes_at, timezone.now())
    span = (end - start).total_seconds()
    responses = []
    for _ in range(count):
        submitted = start + timedelta(seconds=span * rng.random() ** 0.7)
        reference = (
            "NPC-"
            + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(4))
            + "-"
            + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(4))
        )
        responses.append(
            Response(
                consultation=page,
                status=ResponseStatus.SUBMITTED,
                reference=reference,
                idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
                consent_quote=rng.random() < 0.6,
                consent_contact=rng.random() < 0.3,
                privacy_notice_version=page.privacy_notice_version,
                submitted_at=submitted,
                submitted_on=timezone.localdate(submitted),
            )
        )
    Response.objects.bulk_create(responses, batch_size=500)
    responses = list(Response.objects.filter(consultation=page).order_by("id"))
    answers = []
    for response in responses:
        for index, profile in (spec.get("response_profile") or {}).items():
            block = blocks[int(index)]
            block_type, value, question_id = block.block_type, block.value, str(block.id)
            if block_type in ("short_text", "long_text"):
                if rng.random() < profile.get("answer_rate", 0.5):
                    answers.append(
                        Answer(
                            response=response,
                            consultation=page,
                            counted=True,
                            question_id=question_id,
                            value_text=rng.choice(profile["texts"]),
                        )
                    )
                continue
            options = _options(block_type, value)
            weights = list(profile["weights"])
            if len(weights) == len(options) - 1 and options[-1] == "Other":
                weights.append(min(weights) / 2)  # "Other" is ticked now and then
            if block_type == "about_you" and rng.random() < 0.1:
                continue  # some skip the optional questions
            if block_type == "multiple_choice":
                low, high = profile.get("pick", [1, 2])
                picked = set()
                for _ in range(rng.randint(low, high)):
                    picked.add(rng.choices(options, weights=weights)[0])
                for choice in sorted(picked):
                    text = rng.choice(profile.get("other_texts") or [""]) if choice == "Other" else ""
                    answers.append(
                        Answer(
                            response=response,
                            consultation=page,
                            counted=True,
                            question_id=question_id,
                            value_choice=choice,
                            value_text=text,
                        )
                    )
            else:
                answers.append(
                    Answer(
                        response=response,
                        consultation=page,
                        counted=True,
                        question_id=question_id,
                        value_choice=rng.choices(options, weights=weights)[0],
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=1000)


def _select_quotes(page: ConsultationPage, rng: random.Random) -> None:
    text_ids = [str(b.id) for b in page.questions if b.block_type == "long_text"]
    candidates = list(
        Answer.objects.filter(response__consultation=page, response__consent_quote=True, question_id__in=text_ids)
        .values_list("id", flat=True)
        .order_by("id")
    )
    chosen = rng.sample(candidates, min(3, len(candidates)))
    Answer.objects.filter(id__in=chosen).update(quote_selected=True)


@transaction.atomic
def demo_consultations_load(home: HomePage) -> ConsultationIndexPage:
    index = consultation_index_load(home)
    now = timezone.now()
    rng = random.Random(2026)
    for spec in demo_content.CONSULTATIONS:
        if ConsultationPage.objects.filter(slug=spec["slug"]).exists():
            continue
        opens_at, closes_at = _dates(spec["state"], now)
        outcome = spec.get("outcome") or {}
        page = ConsultationPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            body=json.dumps([{"type": t, "value": v} for t, v in spec["body"]]),
            run_by=spec["run_by"],
            contact_email=spec["contact_email"],
            opens_at=opens_at,
            closes_at=closes_at,
            allow_anonymous=spec["allow_anonymous"],
            one_response_per_member=spec["one_response_per_member"],
            questions=_stream(spec["questions"]),
            retention_until=(closes_at + timedelta(days=365)).date(),
            outcome_summary=outcome.get("summary", ""),
            outcome_changes=outcome.get("changes", ""),
            outcome_published=bool(outcome),
            outcome_published_at=closes_at + timedelta(days=21) if outcome else None,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        count = RESPONSES.get(spec["state"], 0)
        if count and spec.get("response_profile"):
            _fake_responses(page, spec, count, rng)
            if outcome:
                _select_quotes(page, rng)
    return index
