"""Erase contact details and identifying free text after each consultation's retention date.

Schedule it daily (e.g. cron: `15 2 * * * cd /srv/forum && .venv/bin/python manage.py consultation_retention`).
Answers chosen as published quotes are kept; choice answers stay so published figures stay true.
"""

from django.core.management.base import BaseCommand

from consultations.services import retention_apply


class Command(BaseCommand):
    help = "Apply consultation retention dates: erase contact details and unpublished free text."

    def handle(self, *args, **options):
        count = retention_apply()
        self.stdout.write(f"Erased contact details from {count} response(s) past their retention date.")
