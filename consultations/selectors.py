"""Reads for consultations. Results come from SQL aggregation, never from loading every response."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from .models import Answer, ConsultationPage, Response, ResponseStatus
from .questions import Question

SMALL_NUMBER = 5


def consultations_for_index(*, index_page) -> dict[str, list[ConsultationPage]]:
    """Open (closing soonest first), upcoming (opening soonest first), closed (most recent first). One query."""
    now = timezone.now()
    pages = list(
        ConsultationPage.objects.child_of(index_page)
        .live()
        .only("id", "title", "slug", "url_path", "path", "depth", "summary", "opens_at", "closes_at", "outcome_published")
        .order_by("closes_at")
    )
    groups: dict[str, list[ConsultationPage]] = {"open": [], "upcoming": [], "closed": []}
    for page in pages:
        groups[page.state_at(now)].append(page)
    groups["upcoming"].sort(key=lambda p: p.opens_at)
    groups["closed"].sort(key=lambda p: p.closes_at, reverse=True)
    return groups


def open_consultations(*, limit: int = 3) -> list[ConsultationPage]:
    now = timezone.now()
    return list(ConsultationPage.objects.live().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")[:limit])


def latest_outcomes(*, limit: int = 3) -> list[ConsultationPage]:
    return list(
        ConsultationPage.objects.live().filter(outcome_published=True).order_by("-outcome_published_at", "-closes_at")[:limit]
    )


def submitted_responses(consultation: ConsultationPage):
    return Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)


def suppress(count: int) -> str:
    """How a count is shown in anything published: counts under 5 read "fewer than 5"."""
    return "fewer than 5" if 0 < count < SMALL_NUMBER else f"{count:,}"


@dataclass
class ChoiceRow:
    label: str
    count: int
    percent: float
    # Hidden in anything published: a count under 5, or a second count hidden so the first cannot be
    # worked out by subtracting the others from the total.
    hidden: bool = False

    @property
    def published_count(self) -> str:
        return "fewer than 5" if self.hidden and self.count < SMALL_NUMBER else ("hidden" if self.hidden else f"{self.count:,}")


def suppress_rows(rows: list[ChoiceRow]) -> list[ChoiceRow]:
    """Mark small counts hidden, plus the next smallest when only one would be (secondary suppression)."""
    for row in rows:
        row.hidden = 0 < row.count < SMALL_NUMBER
    hidden = [row for row in rows if row.hidden]
    if len(hidden) == 1:
        others = sorted((row for row in rows if not row.hidden and row.count > 0), key=lambda row: row.count)
        if others:
            others[0].hidden = True
    return rows


@dataclass
class QuestionResult:
    question: Question
    answered: int
    rows: list[ChoiceRow] = field(default_factory=list)
    # Free text: (theme name, answers coded with it), most used first.
    themes: list[tuple[str, int]] = field(default_factory=list)
    # Cross-tabulation: {profile answer: {choice: count}} when a "compare by" question is chosen.
    crosstab: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Results:
    total: int
    questions: list[QuestionResult]
    over_time: list[tuple]
    filter_question: Question | None = None
    filter_value: str = ""
    compare_question: Question | None = None


def results_for_consultation(
    *,
    consultation: ConsultationPage,
    filter_question_id: str = "",
    filter_value: str = "",
    compare_question_id: str = "",
) -> Results:
    """Counts and percentages per choice question, with an optional filter and cross-tabulation.

    A fixed number of queries whatever the number of responses (tests/consultations/test_selectors.py).
    """
    by_id = {q.id: q for q in consultation.question_list}
    filter_question = by_id.get(filter_question_id) if filter_question_id else None
    if filter_question and filter_value not in filter_question.choices:
        filter_question, filter_value = None, ""
    compare_question = by_id.get(compare_question_id)
    if compare_question and not compare_question.is_profile:
        compare_question = None

    responses = submitted_responses(consultation)
    answers = Answer.objects.filter(consultation=consultation, counted=True)
    if filter_question and filter_value:
        matching = Answer.objects.filter(
            consultation=consultation, counted=True, question_id=filter_question.id, value_choice=filter_value
        ).values("response_id")
        answers = answers.filter(response_id__in=matching)
        responses = responses.filter(id__in=matching)
    total = responses.count()

    # Every kind but multiple choice has at most one answer row per respondent, so only multiple choice
    # needs a COUNT(DISTINCT ...); the rest is one grouped count (text answers group under "").
    several = [q.id for q in consultation.question_list if q.kind == "multiple_choice"]
    answered = (
        dict(
            answers.filter(question_id__in=several)
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .values_list("question_id", "n")
        )
        if several
        else {}
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for question_id, choice, n in (
        answers.values("question_id", "value_choice").annotate(n=Count("*")).values_list("question_id", "value_choice", "n")
    ):
        counts[question_id][choice] = n
    for question_id, by_choice in counts.items():
        if question_id not in answered:
            answered[question_id] = sum(by_choice.values())

    crosstabs: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    if compare_question:
        # Looked up through the (response, question_id, value_choice) index: one seek per answer.
        profile = Answer.objects.filter(response_id=OuterRef("response_id"), question_id=compare_question.id).values(
            "value_choice"
        )[:1]
        rows = (
            answers.exclude(value_choice="")
            .annotate(profile=Subquery(profile))
            .values("question_id", "value_choice", "profile")
            .annotate(n=Count("id"))
            .values_list("question_id", "value_choice", "profile", "n")
        )
        for question_id, choice, profile_value, n in rows:
            crosstabs[question_id][profile_value or "Not answered"][choice] = n

    over_time = list(responses.values("submitted_on").annotate(n=Count("id")).order_by("submitted_on").values_list("submitted_on", "n"))

    coded: dict[str, list[tuple[str, int]]] = defaultdict(list)
    # Driven from the (small) theme table; only a filtered view needs the answer subquery.
    coded_answers = Answer.themes.through.objects.filter(theme__consultation=consultation, answer__counted=True)
    if filter_question and filter_value:
        coded_answers = coded_answers.filter(answer__in=answers)
    theme_rows = (
        coded_answers
        .values("answer__question_id", "theme__name")
        .annotate(n=Count("id"))
        .order_by("-n", "theme__name")
        .values_list("answer__question_id", "theme__name", "n")
    )
    for question_id, name, n in theme_rows:
        coded[question_id].append((name, n))

    question_results = []
    for q in consultation.question_list:
        n_answered = answered.get(q.id, 0)
        result = QuestionResult(question=q, answered=n_answered, themes=coded.get(q.id, []))
        if q.is_choice:
            ends = {"1": q.low_label, "5": q.high_label} if q.kind == "rating" else {}
            for choice in q.choices:
                c = counts[q.id].get(choice, 0)
                label = f"{choice} ({ends[choice]})" if ends.get(choice) else choice
                result.rows.append(ChoiceRow(label, c, round(100 * c / n_answered, 1) if n_answered else 0.0))
            suppress_rows(result.rows)
            if compare_question:
                result.crosstab = {k: dict(v) for k, v in crosstabs[q.id].items()}
        question_results.append(result)
    return Results(
        total=total,
        questions=question_results,
        over_time=over_time,
        filter_question=filter_question,
        filter_value=filter_value,
        compare_question=compare_question,
    )


def text_answers(*, consultation: ConsultationPage, question_id: str):
    """Free-text answers to one question (newest first), for paging in the results screen."""
    return (
        Answer.objects.filter(consultation=consultation, counted=True, question_id=question_id)
        .exclude(value_text="")
        .select_related("response")
        .prefetch_related("themes")
        .order_by("-response__submitted_at", "-id")
    )


def quotes_for_outcome(*, consultation: ConsultationPage) -> list[Answer]:
    return list(
        Answer.objects.filter(
            consultation=consultation, counted=True, response__consent_quote=True, quote_selected=True
        )
        .exclude(value_text="")
        .order_by("id")[:6]
    )


def outcome_figures(*, consultation: ConsultationPage) -> list[QuestionResult]:
    results = results_for_consultation(consultation=consultation)
    return [r for r in results.questions if r.question.show_in_outcome and r.question.is_choice]


def responses_for_member(*, user):
    return (
        Response.objects.filter(user=user)
        .select_related("consultation")
        .order_by("-updated_at")
    )


def member_draft(*, consultation: ConsultationPage, user) -> Response | None:
    if not user.is_authenticated:
        return None
    return (
        Response.objects.filter(consultation=consultation, user=user, status=ResponseStatus.DRAFT)
        .prefetch_related("answers")
        .first()
    )


def member_status(*, consultation: ConsultationPage, user) -> tuple[bool, bool]:
    """(has a response that counts as their one, has a draft) in one query, for the consultation page."""
    if not user.is_authenticated:
        return False, False
    rows = list(
        Response.objects.filter(consultation=consultation, user=user, status__in=[ResponseStatus.DRAFT, ResponseStatus.SUBMITTED])
        .values_list("status", "member_key")
    )
    has_responded = any(key == user.pk for _, key in rows)
    has_draft = any(status == ResponseStatus.DRAFT for status, _ in rows)
    return has_responded, has_draft


def member_has_responded(*, consultation: ConsultationPage, user) -> bool:
    return member_status(consultation=consultation, user=user)[0]


def answers_as_initial(response: Response, questions: list[Question]) -> dict:
    """A draft's answers as form initial data."""
    by_id = {q.id: q for q in questions}
    initial: dict = {}
    for answer in response.answers.all():
        q = by_id.get(answer.question_id)
        if q is None:
            continue
        if q.is_text:
            initial[q.field_name] = answer.value_text
        elif q.kind == "multiple_choice":
            initial.setdefault(q.field_name, []).append(answer.value_choice)
            if answer.value_choice == "Other":
                initial[q.other_field_name] = answer.value_text
        else:
            initial[q.field_name] = answer.value_choice
    initial["consent_quote"] = response.consent_quote
    initial["consent_contact"] = response.consent_contact
    if response.contact_email:
        initial["contact_email"] = response.contact_email
    return initial


def answers_for_display(response: Response, questions: list[Question]) -> list[tuple[str, str]]:
    """(question, answer text) pairs for a receipt or My account; ticked options in the question's order."""
    grouped: dict[str, list[tuple[int, str]]] = defaultdict(list)
    order = {q.id: {c: i for i, c in enumerate(q.choices)} for q in questions}
    for answer in response.answers.all():
        position = order.get(answer.question_id, {}).get(answer.value_choice, len(order))
        if answer.value_choice == "Other" and answer.value_text:
            grouped[answer.question_id].append((position, f"Other: {answer.value_text}"))
        else:
            grouped[answer.question_id].append((position, answer.value_choice or answer.value_text))
    return [
        (f"{q.number}. {q.text}", "; ".join(text for _, text in sorted(grouped[q.id])) or "(not answered)")
        for q in questions
    ]



def consultation_responses_export(*, user) -> list[dict]:
    """A member's responses and drafts with their answers, for "Download my data"."""
    data = []
    for response in responses_for_member(user=user).prefetch_related("answers"):
        questions = response.consultation.question_list
        data.append(
            {
                "consultation": response.consultation.title,
                "status": response.status,
                "reference": response.reference,
                "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
                "consent_quote": response.consent_quote,
                "consent_contact": response.consent_contact,
                "contact_email": response.contact_email,
                "answers": [{"question": q, "answer": a} for q, a in answers_for_display(response, questions)],
            }
        )
    return data


def theme_counts(*, consultation: ConsultationPage, question_id: str | None = None) -> list[tuple]:
    """(theme, number of counted answers coded with it), most used first. One query."""
    from .models import Theme

    answer_filter = Q(answers__counted=True)
    if question_id:
        answer_filter &= Q(answers__question_id=question_id)
    return list(
        Theme.objects.filter(consultation=consultation)
        .annotate(n=Count("answers", filter=answer_filter))
        .order_by("-n", "name")
    )
