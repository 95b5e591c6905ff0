"""Fixtures for the moderation tests (pytest finds them here), and the helpers they share (imported)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from forum_site.moderation import services
from forum_site.moderation.models import FlagReason, Post
from tests.conftest import mfa_login
from tests.consultations.conftest import consultation, consultation_index, make_consultation  # noqa: F401 - fixtures
from tests.factories import UserFactory
from tests.recommendations.conftest import make_recommendation, make_review, review, tracker_index  # noqa: F401 - fixtures

QUEUE = "moderation_queue:index"
PHONE_BODY = "Ring me on 07700 900123 about the tribunal."


def item_url(post) -> str:
    return reverse("moderation_queue:item", args=[post.pk])


def log_entries(post, action: str | None = None):
    entries = ModelLogEntry.objects.filter(
        content_type__app_label="moderation", content_type__model="post", object_id=str(post.pk)
    )
    if action:
        entries = entries.filter(action=f"moderation.{action}")
    return entries


def reply(topic, author, body):
    return services.post_submit(thread=topic.thread, author=author, body=body)


def reported(topic, author, *reasons, note=""):
    """A published post by `author` with one report per reason, each from a new member."""
    post = reply(topic, author, "Published reply that people report.")
    assert post.state == "published"
    for reason in reasons:
        services.post_report(post=post, reporter=UserFactory(), reason=reason, note=note)
    post.refresh_from_db()
    return post


@pytest.fixture
def staff_client(client, totp):
    """staff_client(user): the test client signed in as `user`, who has passed MFA (an authenticator exists)."""

    def sign_in(user):
        mfa_login(client, user)
        return client

    return sign_in


@pytest.fixture
def organiser_client(staff_client, organiser):
    return staff_client(organiser)


@pytest.fixture
def phone_post(topic, member):
    """A reply held in the queue because it contains a phone number."""
    post = reply(topic, member, PHONE_BODY)
    assert post.state == "pending" and post.needs_review
    return post


@pytest.fixture
def new_member_post(topic, parent):
    """A new member's first reply: pending, reason "new member"."""
    return reply(topic, parent, "Hello, I am new here and our plan is late.")


@pytest.fixture
def reported_post(topic, member):
    return reported(topic, member, FlagReason.REPORT_OFFENSIVE, FlagReason.REPORT_SPAM, FlagReason.REPORT_OFFENSIVE)


@pytest.fixture
def fresh(db):
    """fresh(post): the post as it is in the database now."""

    def get(post):
        return Post.objects.get(pk=post.pk)

    return get
