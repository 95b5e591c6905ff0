"""Background work for consultations (django-tasks: immediate in dev and tests, the db_worker in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from forum_site.core.tasks import email_enqueue


@task()
def outcome_notify(*, consultation_id: int) -> int:
    """Email everyone who asked to hear about the outcome, once each."""
    from .models import ConsultationPage, Response, ResponseStatus

    consultation = ConsultationPage.objects.get(pk=consultation_id)
    url = settings.SITE_URL + consultation.url
    pending = Response.objects.filter(
        consultation=consultation,
        status=ResponseStatus.SUBMITTED,
        consent_contact=True,
        outcome_notified_at__isnull=True,
    ).exclude(contact_email="")
    sent = 0
    for response in pending.iterator():
        body = render_to_string(
            "consultations/email/outcome.txt", {"consultation": consultation, "url": url, "response": response}
        )
        email_enqueue(
            EmailMultiAlternatives(
                f'"You said, we did": {consultation.title}', body, settings.DEFAULT_FROM_EMAIL, [response.contact_email]
            )
        )
        Response.objects.filter(pk=response.pk).update(outcome_notified_at=timezone.now())
        sent += 1
    return sent


@task()
def receipt_email(*, response_id: int, to: str) -> None:
    """A copy of the answers for the respondent; sent directly so its content is not stored again."""
    from forum_site.core.tasks import email_send

    from .models import Response
    from .selectors import answers_for_display

    response = Response.objects.select_related("consultation").get(pk=response_id)
    consultation = response.consultation
    body = render_to_string(
        "consultations/email/receipt.txt",
        {
            "response": response,
            "consultation": consultation,
            "answers": answers_for_display(response, consultation.question_list),
        },
    )
    email_send.call(
        subject=f"Your response to {consultation.title} ({response.reference})",
        body=body,
        to=[to],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
