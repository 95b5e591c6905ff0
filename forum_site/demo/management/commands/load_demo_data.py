"""Load realistic demo content. Idempotent: running it again changes nothing."""

from django.core.management.base import BaseCommand

from forum_site.demo.accounts import DEMO_PASSWORD, demo_users_load
from forum_site.demo.consultations import demo_consultations_load
from forum_site.demo.forum import demo_forum_load
from forum_site.demo.pages import demo_pages_load, navigation_add
from forum_site.demo.tracker import demo_tracker_load


class Command(BaseCommand):
    help = "Load demo pages and one account per role (idempotent)."

    def handle(self, *args, **options):
        home = demo_pages_load()
        demo_consultations_load(home)
        accounts = demo_users_load()
        tracker = demo_tracker_load(home)  # after the accounts: assigns the demo officer
        forum = demo_forum_load(home)  # after the accounts: the demo parent reports a post
        navigation_add(forum, tracker)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data is loaded. Demo log-ins (password for all: {DEMO_PASSWORD}):")
            )
            for account in accounts:
                self.stdout.write(f"  {account.role:<18} {account.email}")
