"""Send the daily digest emails. Run once a day (see docs/notifications.md); safe to run twice."""

from django.core.management.base import BaseCommand

from forum_site.notifications.services import digests_send


class Command(BaseCommand):
    help = "Email each member who chose a daily digest everything waiting for them, then clear it."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"Sent {sent} digest email{'' if sent == 1 else 's'}.")
