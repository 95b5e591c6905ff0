from __future__ import annotations

import pytest
from django.core.cache import cache

from forum_site.accounts import roles
from tests.factories import PASSWORD, SuperuserFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def home_page(db):
    """The demo home page, standard pages and navigation (the same loader as `load_demo_data`)."""
    from forum_site.home.demo import demo_pages_load

    return demo_pages_load()


@pytest.fixture
def parent(db):
    return UserFactory(role=roles.PARENTS, display_name="Jo parent")


@pytest.fixture
def unverified_parent(db):
    return UserFactory(role=roles.PARENTS, verified=False)


@pytest.fixture
def organiser(db):
    return UserFactory(role=roles.ORGANISERS)


@pytest.fixture
def scrutiny_member(db):
    return UserFactory(role=roles.SCRUTINY)


@pytest.fixture
def officer(db):
    return UserFactory(role=roles.OFFICERS)


@pytest.fixture
def site_admin(db):
    return SuperuserFactory()


@pytest.fixture
def totp(db):
    """Give a user an activated TOTP authenticator, as allauth stores it after set-up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def activate(user):
        return TOTP.activate(user, generate_totp_secret())

    return activate
