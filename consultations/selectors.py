"""Reads for consultations. Results come from SQL aggregation, never from loading every response."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

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
        .only(
            "id", "title", "slug", "url_path", "path", "depth", "summary", "opens_at", "closes_at", "outcome_published"
        )
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
    return list(
        ConsultationPage.objects.live().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")[:limit]
    )


def consultations_with_counts() -> list[ConsultationPage]:
    """Every consultation (live or not), latest closing first, with `submitted` (its submitted responses). One query."""
    return list(
        ConsultationPage.objects.annotate(
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
        ).order_by("-closes_at", "id")
    )


def open_consultations_with_counts() -> list[ConsultationPage]:
    """Live consultations open now, closing soonest first, each with `submitted` (its submitted responses).
    One query, however many there are (for the organisers' panel on the admin home)."""
    now = timezone.now()
    return list(
        ConsultationPage.objects.live()
        .filter(opens_at__lte=now, closes_at__gt=now)
        .annotate(submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)))
        .only("id", "title", "closes_at")
        .order_by("closes_at", "id")
    )


def latest_outcomes(*, limit: int = 3) -> list[ConsultationPage]:
    return list(
        ConsultationPage.objects.live()
        .filter(outcome_published=True)
        .order_by("-outcome_published_at", "-closes_at")[:limit]
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
        return (
            "fewer than 5"
            if self.hidden and self.count < SMALL_NUMBER
            else ("hidden" if self.hidden else f"{self.count:,}")
        )


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


@dataclass(frozen=True)
class ResultsFilter:
    """ "Only responses where <a choice question> is <one of its answers>": the one filter behind the
    results screen and its exports. Build it with `results_filter_from_param`, never from raw input."""

    consultation_id: int
    question: Question
    value: str

    @property
    def param(self) -> str:
        """As it travels in the results screen's URL: `?filter=<question id>:<answer>`."""
        return f"{self.question.id}:{self.value}"

    @property
    def description(self) -> str:
        return f'Only responses where "{self.question.text}" is "{self.value}"'

    def matching_response_ids(self):
        """A subquery of the ids of the (submitted) responses that match."""
        return Answer.objects.filter(
            consultation_id=self.consultation_id, counted=True, question_id=self.question.id, value_choice=self.value
        ).values("response_id")


def results_filter_from_param(*, consultation: ConsultationPage, param: str) -> ResultsFilter | None:
    """The filter in `?filter=<question id>:<answer>`, or None when there is none or it is not one we offer
    (an unknown question, a free-text one, an answer it does not offer): then nothing is filtered."""
    question_id, _, value = (param or "").partition(":")
    question = next((q for q in consultation.question_list if q.id == question_id), None)
    if question is None or not question.is_choice or value not in question.choices:
        return None
    return ResultsFilter(consultation_id=consultation.pk, question=question, value=value)


def filtered_responses(consultation: ConsultationPage, results_filter: ResultsFilter | None = None):
    responses = submitted_responses(consultation)
    if results_filter is not None:
        responses = responses.filter(id__in=results_filter.matching_response_ids())
    return responses


@dataclass
class Results:
    total: int
    questions: list[QuestionResult]
    # (Monday of the week, responses sent that week), every week from the first to the last, empty ones too.
    over_time: list[tuple]
    results_filter: ResultsFilter | None = None
    compare_question: Question | None = None

    @property
    def filter_question(self) -> Question | None:
        return self.results_filter.question if self.results_filter else None

    @property
    def filter_value(self) -> str:
        return self.results_filter.value if self.results_filter else ""


def results_for_consultation(
    *,
    consultation: ConsultationPage,
    results_filter: ResultsFilter | None = None,
    compare_question_id: str = "",
) -> Results:
    """Counts and percentages per choice question, with an optional filter and cross-tabulation.

    A fixed number of queries whatever the number of responses (tests/consultations/test_results.py).
    """
    by_id = {q.id: q for q in consultation.question_list}
    compare_question = by_id.get(compare_question_id)
    if compare_question and not compare_question.is_profile:
        compare_question = None

    responses = filtered_responses(consultation, results_filter)
    answers = Answer.objects.filter(consultation=consultation, counted=True)
    if results_filter is not None:
        answers = answers.filter(response_id__in=results_filter.matching_response_ids())
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
        answers.values("question_id", "value_choice")
        .annotate(n=Count("*"))
        .values_list("question_id", "value_choice", "n")
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

    over_time = responses_by_week(consultation, responses)

    coded: dict[str, list[tuple[str, int]]] = defaultdict(list)
    # Driven from the (small) theme table; only a filtered view needs the answer subquery.
    coded_answers = Answer.themes.through.objects.filter(theme__consultation=consultation, answer__counted=True)
    if results_filter is not None:
        coded_answers = coded_answers.filter(answer__in=answers)
    theme_rows = (
        coded_answers.values("answer__question_id", "theme__name")
        .annotate(n=Count("id"))
        .order_by("-n", "theme__name")  # type: ignore[misc]  # django-stubs cannot see `n` on a through model
        .values_list("answer__question_id", "theme__name", "n")
    )
    for question_id, name, n in theme_rows:
        coded[question_id].append((name, n))

    # Comparison rows come in the order the compared question offers its answers, "Not answered" last.
    positions = {choice: i for i, choice in enumerate(compare_question.choices)} if compare_question else {}

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
                by_value = sorted(crosstabs[q.id].items(), key=lambda item: positions.get(item[0], len(positions)))
                result.crosstab = {value: dict(by_choice) for value, by_choice in by_value}
        question_results.append(result)
    return Results(
        total=total,
        questions=question_results,
        over_time=over_time,
        results_filter=results_filter,
        compare_question=compare_question,
    )


def responses_by_week(consultation: ConsultationPage, responses) -> list[tuple[date, int]]:
    """(Monday, responses sent that week) for every week from the opening to the last response (or to today,
    or the closing date, whichever comes first), weeks with none included: a gap means nobody responded.

    One grouped query by UK day (at most one row a day), added up into weeks here. Empty with no responses."""
    by_day = list(responses.values("submitted_on").annotate(n=Count("id")).order_by().values_list("submitted_on", "n"))
    by_day = [(day, n) for day, n in by_day if day is not None]
    if not by_day:
        return []
    first = min([timezone.localdate(consultation.opens_at), *(day for day, _ in by_day)])
    open_until = min(timezone.localdate(), timezone.localdate(consultation.closes_at))
    last = max([open_until, *(day for day, _ in by_day)])
    monday = first - timedelta(days=first.weekday())
    weeks: dict[date, int] = {}
    while monday <= last:
        weeks[monday] = 0
        monday += timedelta(days=7)
    for day, n in by_day:
        weeks[day - timedelta(days=day.weekday())] += n
    return list(weeks.items())


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
    return Response.objects.filter(user=user).select_related("consultation").order_by("-updated_at")


def member_response(*, user, pk) -> Response | None:
    """The member's own response `pk` (any status) with its answers, or None if it is not theirs."""
    return Response.objects.filter(pk=pk, user=user).select_related("consultation").prefetch_related("answers").first()


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
        Response.objects.filter(
            consultation=consultation, user=user, status__in=[ResponseStatus.DRAFT, ResponseStatus.SUBMITTED]
        ).values_list("status", "member_key")
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


def theme_counts(*, consultation: ConsultationPage, question_id: str | None = None) -> list:
    """The consultation's themes, each with `n`, the number of counted answers coded with it; most used
    first. One query."""
    from .models import Theme

    answer_filter = Q(answers__counted=True)
    if question_id:
        answer_filter &= Q(answers__question_id=question_id)
    return list(
        Theme.objects.filter(consultation=consultation)
        .annotate(n=Count("answers", filter=answer_filter))
        .order_by("-n", "name")
    )
