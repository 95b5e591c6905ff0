"""Roles are groups created by a data migration, with their Wagtail permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from forum_site.accounts import roles
from forum_site.accounts.roles import roles_sync
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_migration_created_exactly_our_roles():
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ALL_ROLES)


def test_parents_have_no_admin_permissions(parent):
    assert not parent.has_perm("wagtailadmin.access_admin")
    assert not parent.get_all_permissions()


@pytest.mark.parametrize("fixture", ["organiser", "scrutiny_member", "officer", "site_admin"])
def test_staff_roles_reach_admin(request, client, fixture, settings, home_page):
    settings.STAFF_MFA_REQUIRED = False
    user = request.getfixturevalue(fixture)
    sign_in(client, user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_parent_is_refused_by_admin(client, parent, home_page, settings):
    settings.STAFF_MFA_REQUIRED = False
    sign_in(client, parent)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_home") not in response["Location"] or "login" in response["Location"]


def test_visitor_is_sent_to_allauth_login_from_admin(client, home_page):
    response = client.get(reverse("wagtailadmin_home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200


def test_organisers_edit_pages_and_documents():
    group = Group.objects.get(name=roles.ORGANISERS)
    root = Page.get_first_root_node()
    page_perms = set(
        GroupPagePermission.objects.filter(group=group, page=root).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= page_perms
    collection_perms = set(
        GroupCollectionPermission.objects.filter(group=group, collection=Collection.get_first_root_node()).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_document", "choose_document", "add_image", "choose_image"} <= collection_perms
    assert group.permissions.filter(codename="change_navigationsettings").exists()


@pytest.mark.parametrize("name", [roles.SCRUTINY, roles.OFFICERS, roles.PARENTS])
def test_other_roles_cannot_edit_pages(name):
    group = Group.objects.get(name=name)
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not group.permissions.filter(codename="change_navigationsettings").exists()


def test_organiser_can_edit_a_page_in_admin(client, organiser, home_page, settings):
    settings.STAFF_MFA_REQUIRED = False
    sign_in(client, organiser)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).status_code == 200


@pytest.mark.parametrize("fixture", ["scrutiny_member", "officer"])
def test_scrutiny_and_officers_cannot_edit_pages(request, client, home_page, settings, fixture):
    settings.STAFF_MFA_REQUIRED = False
    sign_in(client, request.getfixturevalue(fixture))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk]))
    assert response.status_code in (302, 403)


def test_roles_sync_is_idempotent():
    from django.apps import apps

    before = (Group.objects.count(), GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    roles_sync(apps)
    after = (Group.objects.count(), GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    assert before == after


def test_is_staff_follows_staff_roles(parent, organiser):
    from django.contrib.auth.models import Group

    assert not parent.is_staff
    organiser.refresh_from_db()
    assert organiser.is_staff
    organiser.groups.remove(Group.objects.get(name=roles.ORGANISERS))
    organiser.refresh_from_db()
    assert not organiser.is_staff
    Group.objects.get(name=roles.SCRUTINY).user_set.add(parent)
    parent.refresh_from_db()
    assert parent.is_staff


def test_userbar_only_for_staff(client, home_page, parent, organiser, settings):
    settings.STAFF_MFA_REQUIRED = False
    sign_in(client, parent)
    assert "wagtail-userbar" not in client.get("/about/").content.decode()
    sign_in(client, organiser)
    assert "wagtail-userbar" in client.get("/about/").content.decode()
