"""The personal-data registry (forum_site/accounts/personal_data.py): every link to a member is in a
section or a documented exemption, and the registry works for content it was not written for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from forum_site.accounts import personal_data
from forum_site.accounts.personal_data import EXEMPTIONS, Section, covered_links, register
from forum_site.accounts.services import account_data_export, account_delete
from tests.factories import UserFactory

# Third-party apps whose rows about a member the accounts app's sections cover.
ALLAUTH_APPS = {"account", "mfa"}
DOCS = Path(settings.BASE_DIR) / "docs" / "data-protection.md"


def _project_models() -> list[type[models.Model]]:
    """Models of the project's own apps (test-only apps hold no real member's data) and allauth's."""
    base = str(settings.BASE_DIR)
    chosen = []
    for config in apps.get_app_configs():
        ours = config.path.startswith(base) and ".venv" not in config.path and not config.name.startswith("tests.")
        if ours or config.label in ALLAUTH_APPS:
            chosen.extend(config.get_models())
    return chosen


def _user_links(model_list) -> set[str]:
    """ "app_label.Model.field" for each foreign key or one-to-one to the user a model declares itself
    (fields inherited from Wagtail's Page, such as owner, are Wagtail's)."""
    user_model = get_user_model()
    return {
        f"{model._meta.label}.{field.name}"
        for model in model_list
        for field in model._meta.local_fields
        if field.is_relation and field.related_model is user_model
    }


def _uncovered(links: set[str]) -> set[str]:
    return links - set(covered_links())


def test_every_link_to_a_member_is_in_a_section_or_exempt():
    links = _user_links(_project_models())
    assert "moderation.Post.author" in links and "account.EmailAddress.user" in links  # the walk finds them
    assert _uncovered(links) == set(), "add these to an app's personal_data.py section, or to EXEMPTIONS with a reason"


def test_no_section_or_exemption_names_a_link_that_does_not_exist():
    assert set(covered_links()) - _user_links(_project_models()) == set()


def test_no_link_is_both_in_a_section_and_exempt():
    in_sections = [link for section in personal_data.sections() for link in section.covers]
    assert len(in_sections) == len(set(in_sections))
    assert set(in_sections) & set(EXEMPTIONS) == set()


@isolate_apps("tests.accounts")
def test_a_new_unregistered_link_to_a_member_fails_the_guard():
    class Diary(models.Model):
        writer = models.ForeignKey(get_user_model(), on_delete=models.CASCADE)
        text = models.TextField()

        class Meta:
            app_label = "accounts_test"

    links = _user_links([*_project_models(), Diary])
    assert _uncovered(links) == {"accounts_test.Diary.writer"}


def test_every_exemption_has_a_reason_and_is_in_the_docs():
    docs = DOCS.read_text()
    for link, reason in EXEMPTIONS.items():
        assert len(reason) > 20
        assert f"`{link}`" in docs


def test_every_section_is_in_the_docs():
    docs = DOCS.read_text()
    for section in personal_data.sections():
        assert f"`{section.key}`" in docs


def test_a_duplicate_key_is_refused():
    with pytest.raises(ValueError, match="forum_posts"):
        register(Section(key="forum_posts", title="Again", export=lambda user: [], covers=()))
    with pytest.raises(ValueError, match="exported_at"):
        register(Section(key="exported_at", title="Clash", export=lambda user: [], covers=()))


def test_sections_come_in_the_same_order_each_time():
    keys = [section.key for section in personal_data.sections()]
    assert keys == [section.key for section in personal_data.sections()]
    assert keys[:3] == ["account", "email_addresses", "two_factor_authentication"]


# The registry used for something it was not written for: staff's Wagtail page ownership. -------------


def _owned_pages_export(user) -> list[str]:
    from wagtail.models import Page

    return list(Page.objects.filter(owner=user).order_by("pk").values_list("title", flat=True))


def _owned_pages_erase(user) -> None:
    from wagtail.models import Page

    Page.objects.filter(owner=user).update(owner=None)


@pytest.fixture
def owned_pages_section():
    section = register(
        Section(
            key="owned_pages",
            title="Pages you own",
            export=_owned_pages_export,
            erase=_owned_pages_erase,
            covers=("wagtailcore.Page.owner",),
        )
    )
    yield section
    personal_data.unregister(section.key)


@pytest.mark.django_db
def test_a_section_registered_later_is_exported_and_erased(owned_pages_section, home_page):
    editor = UserFactory()
    home_page.owner = editor
    home_page.save(update_fields=["owner"])
    data = account_data_export(user=editor)
    assert data["owned_pages"] == [home_page.title]
    assert data["sections"]["owned_pages"] == "Pages you own"
    assert covered_links()["wagtailcore.Page.owner"] == "owned_pages"
    assert account_data_export(user=UserFactory())["owned_pages"] == []
    account_delete(user=editor)
    home_page.refresh_from_db()
    assert home_page.owner is None


def test_the_temporary_section_is_gone_after_its_test():
    assert "owned_pages" not in {section.key for section in personal_data.sections()}


def _recording(section: Section, calls: list[str]):
    def erase(user):
        assert get_user_model().objects.filter(pk=user.pk).exists()  # before the account row goes
        calls.append(section.key)
        section.erase(user)

    return erase


@pytest.mark.django_db
def test_account_delete_runs_every_sections_erase_before_the_account_goes(monkeypatch, member):
    calls: list[str] = []
    recorded = {
        key: replace(section, erase=_recording(section, calls)) if section.erase else section
        for key, section in personal_data._sections.items()
    }
    monkeypatch.setattr(personal_data, "_sections", recorded)
    account_delete(user=member)
    assert calls == [key for key, section in recorded.items() if section.erase is not None]
    assert {"forum_posts", "reports", "forum_topics", "consultation_responses", "follows", "tracker"} <= set(calls)
    assert not get_user_model().objects.filter(pk=member.pk).exists()
