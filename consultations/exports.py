"""One row per response, one column per question (multiple choice: one column per option, with the
"Other" text in the column beside "Other"). Responses are read in chunks so memory stays flat."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.utils import timezone

from .models import Answer, ConsultationPage, Response, ResponseStatus

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


def response_rows(*, consultation: ConsultationPage, anonymised: bool = False) -> Iterator[list]:
    columns = _columns(consultation)
    header = ["Reference", "Submitted at (UK time)", "Channel", "Consent to quote", "Consent to contact"]
    if not anonymised:
        header += ["Account email", "Contact email"]
    yield header + [c[0] for c in columns]

    last_id = 0
    base = (
        Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)
        .order_by("id")
        .select_related("user")
    )
    if anonymised:
        base = base.defer("contact_email")
    while True:
        chunk = list(base.filter(id__gt=last_id)[:CHUNK])
        if not chunk:
            return
        last_id = chunk[-1].id
        answers: dict[int, dict[str, list[Answer]]] = defaultdict(lambda: defaultdict(list))
        for answer in Answer.objects.filter(response_id__in=[r.id for r in chunk]).only(
            "response_id", "question_id", "value_choice", "value_text"
        ):
            answers[answer.response_id][answer.question_id].append(answer)
        for response in chunk:
            row = [
                response.reference,
                timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
                response.get_channel_display(),
                "Yes" if response.consent_quote else "No",
                "Yes" if response.consent_contact else "No",
            ]
            if not anonymised:
                row += [response.user.email if response.user else "", response.contact_email]
            mine = answers[response.id]
            for _, question_id, what in columns:
                given = mine.get(question_id, [])
                if what == "value":
                    row.append("; ".join(a.value_choice or a.value_text for a in given))
                elif what == "other-text":
                    row.append(next((a.value_text for a in given if a.value_choice == "Other"), ""))
                else:
                    row.append("Yes" if any(a.value_choice == what for a in given) else "")
            yield row
