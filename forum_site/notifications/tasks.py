"""Background work for notifications (django-tasks: immediate in dev and tests, the db_worker in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def followers_email(
    *, content_type_id: int, object_id: int, subject: str, message: str, url: str, exclude_user_id: int | None = None
) -> int:
    """Queued by services.followers_notify; does the work in services.followers_email_send."""
    from .services import followers_email_send

    return followers_email_send(
        content_type_id=content_type_id,
        object_id=object_id,
        subject=subject,
        message=message,
        url=url,
        exclude_user_id=exclude_user_id,
    )
