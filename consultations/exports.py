"""One row per response, one column per question (multiple choice: one column per option, with the
"Other" text in the column beside "Other"). Responses are read in chunks so memory stays flat."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.utils import timezone

from .models import Answer, ConsultationPage, ResponseChannel
from .selectors import ResultsFilter, filtered_responses

CHUNK = 1000


def _columns(consultation: ConsultationPage) -> list[tuple[str, str, str]]:
    """(header, question id, what) where what is "value", a choice, or "other-text"."""
    columns = []
    for q in consultation.question_list:
        if q.kind == "multiple_choice":
            for choice in q.choices:
                columns.append((f"Q{q.number} {q.text}: {choice}", q.id, choice))
                if choice == "Other":
                    columns.append((f"Q{q.number} {q.text}: Other, please say", q.id, "other-text"))
        else:
            columns.append((f"Q{q.number} {q.text}", q.id, "value"))
    return columns


def response_rows(
    *, consultation: ConsultationPage, anonymised: bool = False, results_filter: ResultsFilter | None = None
) -> Iterator[list]:
    """The header row, then one row per submitted response. A filtered export (the results screen's filter,
    selectors.ResultsFilter) has only the matching responses and starts with a row saying which filter, then
    an empty row, so nobody takes part of the responses for all of them."""
    columns = _columns(consultation)
    if results_filter is not None:
        yield ["Filtered export", f"{results_filter.description}."]
        yield []
    header = ["Reference", "Submitted at (UK time)", "Channel", "Consent to quote", "Consent to contact"]
    if not anonymised:
        header += ["Account email", "Contact email"]
    yield header + [c[0] for c in columns]

    channels = dict(ResponseChannel.choices)
    fields = ["id", "reference", "submitted_at", "channel", "consent_quote", "consent_contact"]
    if not anonymised:
        fields += ["user__email", "contact_email"]
    base = filtered_responses(consultation, results_filter).order_by("id")
    london = timezone.get_current_timezone()
    last_id = 0
    while True:
        # Plain tuples, a chunk at a time: memory stays flat and no model objects are built.
        chunk = list(base.filter(id__gt=last_id).values_list(*fields)[:CHUNK])
        if not chunk:
            return
        last_id = chunk[-1][0]
        answers: dict[int, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        for response_id, question_id, choice, text in Answer.objects.filter(
            response_id__in=[r[0] for r in chunk]
        ).values_list("response_id", "question_id", "value_choice", "value_text"):
            answers[response_id][question_id].append((choice, text))
        for response in chunk:
            response_id, reference, submitted_at, channel, consent_quote, consent_contact = response[:6]
            row = [
                reference,
                submitted_at.astimezone(london).strftime("%Y-%m-%d %H:%M"),
                channels.get(channel, channel),
                "Yes" if consent_quote else "No",
                "Yes" if consent_contact else "No",
            ]
            if not anonymised:
                row += [response[6] or "", response[7]]
            mine = answers[response_id]
            for _, question_id, what in columns:
                given = mine.get(question_id, ())
                if what == "value":
                    row.append("; ".join(choice or text for choice, text in given))
                elif what == "other-text":
                    row.append(next((text for choice, text in given if choice == "Other"), ""))
                else:
                    row.append("Yes" if any(choice == what for choice, _ in given) else "")
            yield row
