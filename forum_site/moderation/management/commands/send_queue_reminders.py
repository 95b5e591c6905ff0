"""Email the forum organisers about queue items that have waited 48 hours (MODERATION_REMINDER_HOURS).

Run it hourly (cron or a scheduler): each item is reminded about once, so running more often sends
nothing twice.
"""

from django.core.management.base import BaseCommand

from forum_site.moderation.services import queue_reminders_send


class Command(BaseCommand):
    help = (
        "Email the organisers about moderation queue items waiting longer than MODERATION_REMINDER_HOURS. Run hourly."
    )

    def handle(self, *args, **options):
        count = queue_reminders_send()
        self.stdout.write(f"{count} item{'s' if count != 1 else ''} reminded about.")
