from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache

# `make test` runs the suite in two pytest-xdist workers (gw0, gw1). Every test empties the cache, which
# on Redis is FLUSHDB, so each worker gets a Redis database of its own (set before the cache is first used).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
    _parts = urlsplit(settings.CACHES["default"]["LOCATION"])
    _database = int(_parts.path.strip("/") or 0)
    _worker_database = (_database - 1 - int(_WORKER.removeprefix("gw"))) % 16
    settings.CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{_worker_database}"))

from forum_site.accounts import roles
from tests.factories import PASSWORD, SuperuserFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _cache_per_worker():
    """The Redis database above really is the one the cache uses (it was not created before)."""
    if _WORKER and settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        assert cache._cache._servers == [settings.CACHES["default"]["LOCATION"]]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The demo pages are loaded once into each test database (publishing them is slow), and every test's
    transaction rolls back to them. Not when the run includes browser tests (`make test` runs them on
    their own): their serialized rollback restores the database exactly as the migrations left it, and
    the `home_page` fixture loads the pages for each of them."""
    if any(item.get_closest_marker("browser") for item in request.session.items):
        return
    from forum_site.demo.pages import demo_pages_load

    with django_db_blocker.unblock():
        demo_pages_load()


@pytest.fixture
def home_page(db):
    """The demo home page, standard pages and navigation (the same loader as `load_demo_data`;
    idempotent, so it only looks them up when they are there already)."""
    from forum_site.demo.pages import demo_pages_load

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


def mfa_login(client, user):
    """Sign `client` in as `user` as allauth leaves a session that passed both steps: a password, then a
    TOTP code (the user is given an authenticator if they have none). The staff guard
    (accounts/middleware.py) lets only such sessions into the admin."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


# --- The forum and moderation (forum_site/discussions, forum_site/moderation) ---


@pytest.fixture
def forum_index(home_page):
    from forum_site.discussions.models import BoardIndexPage

    index = BoardIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = BoardIndexPage(title="Forum", slug="forum", intro="Talk to other parents and carers.")
        home_page.add_child(instance=index)
        index.save_revision().publish()
    return index


@pytest.fixture
def make_board(forum_index):
    import itertools

    numbers = itertools.count(1)

    def make(**fields):
        from forum_site.discussions.models import BoardPage

        n = next(numbers)
        fields.setdefault("title", f"EHC plans {n}")
        fields.setdefault("slug", f"ehc-plans-{n}")
        fields.setdefault("description", "Requests, assessments, plans and annual reviews.")
        board = BoardPage(**fields)
        forum_index.add_child(instance=board)
        board.save_revision().publish()
        return board

    return make


@pytest.fixture
def board(make_board):
    return make_board()


def make_established(user):
    """Give a member enough published posts that their posts publish at once."""
    from django.conf import settings
    from django.utils import timezone

    from forum_site.moderation.models import Post, PostState, Thread

    thread = Thread.objects.create()
    for i in range(settings.MODERATION_NEW_MEMBER_POSTS):
        Post.objects.create(
            thread=thread, author=user, body=f"Earlier post {i}", state=PostState.PUBLISHED, published_at=timezone.now()
        )
    return user


@pytest.fixture
def member(db):
    """A verified parent who is no longer new: their posts publish at once unless a check holds them."""
    return make_established(UserFactory(role=roles.PARENTS, display_name="Sam member"))


@pytest.fixture
def make_topic(board, member):
    def make(
        *, author=None, title="Waiting 30 weeks for an EHC plan", body="Has anyone else waited this long?", on=None
    ):
        from forum_site.discussions.services import topic_create

        return topic_create(board=on or board, author=author or member, title=title, body=body)

    return make


@pytest.fixture
def topic(make_topic):
    return make_topic()


def sign_in(client, user):
    """Sign `client` in as `user` the way allauth leaves a finished sign-in: staff roles (who must use
    two-factor authentication) have passed their code too; members just their password."""
    if user.is_staff or user.is_superuser:
        return mfa_login(client, user)
    client.force_login(user)
    return client


# --- Cache outages (forum_site/core/cache_backends.py) ---


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_cache_settings(settings, location: str, **options) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "forum_site.core.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": options,
        },
        "fallback": settings.FALLBACK_CACHE,
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def redis_stopped(settings):
    """The cache is Redis at an address where nothing listens: every call is refused at once."""
    _redis_cache_settings(settings, f"redis://127.0.0.1:{_free_port()}/0")


@pytest.fixture
def redis_hung(settings):
    """The cache is Redis at an address that accepts connections and never answers a byte."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)  # the kernel completes connections; nobody ever reads or writes
    _redis_cache_settings(settings, f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    yield
    server.close()
