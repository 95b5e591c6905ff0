"""`manage.py send_queue_reminders` (run hourly): organisers hear about items waiting 48 hours, once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum_site.moderation.models import Post
from tests.moderation.conftest import PHONE_BODY, reply

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("send_queue_reminders", stdout=out)
    return out.getvalue()


def test_command_reminds_organisers_once_with_a_link_to_the_queue(
    topic, member, organiser, site_admin, officer, settings
):
    old = reply(topic, member, PHONE_BODY)
    recent = reply(topic, member, "Call 07700 900456")
    Post.objects.filter(pk=old.pk).update(
        queued_at=timezone.now() - datetime.timedelta(hours=settings.MODERATION_REMINDER_HOURS + 1)
    )
    mail.outbox.clear()
    assert run().strip() == "1 item reminded about."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([organiser.email, site_admin.email])
    assert settings.SITE_URL + reverse("moderation_queue:index") in message.body
    assert "1 item in the moderation queue has waited more than 48 hours" in message.body
    # Run again an hour later: nothing new.
    mail.outbox.clear()
    assert run().strip() == "0 items reminded about."
    assert mail.outbox == []
    recent.refresh_from_db()
    assert recent.reminder_sent_at is None


def test_command_with_nothing_waiting(organiser):
    assert run().strip() == "0 items reminded about."
    assert mail.outbox == []
