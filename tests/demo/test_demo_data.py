"""`load_demo_data` loads pages, navigation and one account per role, and is idempotent."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from forum_site.accounts import roles
from forum_site.accounts.models import User
from forum_site.core.models import NavigationSettings
from forum_site.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from forum_site.home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def _snapshot():
    nav = NavigationSettings.load()
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path", "title", "live")),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "users": sorted(User.objects.values_list("email", "display_name", "password", "is_superuser")),
        "groups": sorted(User.objects.values_list("email", "groups__name")),
        "emails": sorted(EmailAddress.objects.values_list("email", "verified", "primary")),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        "nav": (nav.main_navigation.raw_data.__len__(), nav.footer_navigation.raw_data.__len__(), nav.footer_text),
    }


def test_demo_data_loads_and_is_idempotent(capsys):
    call_command("load_demo_data")
    out = capsys.readouterr().out
    first = _snapshot()
    call_command("load_demo_data")
    assert _snapshot() == first

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert set(StandardPage.objects.child_of(home).values_list("slug", flat=True)) == {
        "about",
        "privacy",
        "accessibility",
        "contact",
    }
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    for account in DEMO_ACCOUNTS:
        assert account.email in out
        user = authenticate(email=account.email, password=DEMO_PASSWORD)
        assert user is not None, account.email
        assert EmailAddress.objects.get(user=user).verified
        if account.group:
            assert list(user.groups.values_list("name", flat=True)) == [account.group]
        else:
            assert user.is_superuser
    assert {a.group for a in DEMO_ACCOUNTS if a.group} == set(roles.ALL_ROLES)
    assert DEMO_PASSWORD in out


def test_demo_data_leaves_edited_content_alone():
    call_command("load_demo_data", verbosity=0)
    about = StandardPage.objects.get(slug="about")
    about.title = "About us (edited)"
    about.save_revision().publish()
    call_command("load_demo_data", verbosity=0)
    assert StandardPage.objects.get(slug="about").title == "About us (edited)"


def test_demo_content_is_realistic():
    call_command("load_demo_data", verbosity=0)
    text = " ".join(str(p.specific.body) for p in StandardPage.objects.all()) + str(HomePage.objects.get().body)
    for phrase in ["EHC", "20 weeks", "co-production", "SEMH", "autistic", "fewer than 5"]:
        assert phrase.lower() in text.lower(), phrase
