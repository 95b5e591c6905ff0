"""Background work. Every email the site sends goes through :func:`email_send`."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def email_send(
    *, subject: str, body: str, to: list[str], from_email: str, html_body: str = "", headers: dict | None = None
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or None)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def email_enqueue(message: EmailMultiAlternatives, headers: dict | None = None) -> None:
    """Queue an already-rendered message (immediate in dev and tests, the db_worker in production).

    Extra headers (e.g. List-Unsubscribe) come from the message's own `headers=` and/or `headers`."""
    html_body = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html_body = content
    email_send.enqueue(
        subject=message.subject,
        body=message.body,
        to=list(message.to),
        from_email=message.from_email,
        html_body=html_body,
        headers={**message.extra_headers, **(headers or {})} or None,
    )
