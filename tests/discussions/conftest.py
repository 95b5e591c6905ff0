"""Helpers for the forum's page tests: URLs of the routes, users by role, published replies in bulk."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.conftest import sign_in

ROLES = ["visitor", "unverified_parent", "parent", "member", "organiser", "scrutiny_member", "officer", "site_admin"]


@pytest.fixture
def as_role(client, request):
    """as_role(name) -> the test client signed in as a user of that role (or not at all for a visitor)."""

    def as_(name: str):
        if name == "visitor":
            return None
        user = request.getfixturevalue(name)
        sign_in(client, user)
        return user

    return as_


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def main_text(response) -> str:
    return " ".join(soup(response).find("main").get_text(" ").split())


def route(page, name: str, **kwargs) -> str:
    return page.url + page.reverse_subpage(name, kwargs=kwargs or None)


def topic_url(topic) -> str:
    return topic.get_absolute_url()


def reply_url(topic) -> str:
    return route(topic.board, "post-create", topic_id=topic.pk)


def bulk_replies(topic, author, count: int, **fields):
    """`count` published replies written straight to the table (fast), then the topic's counters."""
    from forum_site.discussions.owners import topic_counters_refresh
    from forum_site.moderation.models import Post, PostState

    now = timezone.now()
    posts = Post.objects.bulk_create(
        [
            Post(
                thread=topic.thread,
                author=author,
                body=f"Reply number {i}",
                state=PostState.PUBLISHED,
                published_at=now,
                created_at=now + timezone.timedelta(microseconds=i + 1),
                **fields,
            )
            for i in range(count)
        ]
    )
    topic_counters_refresh(topic.thread)
    return posts


@pytest.fixture(autouse=True)
def _no_rate_limit_unless_tested(settings):
    """Tests here write many posts quickly; the tests of the limit lower it again."""
    settings.MODERATION_RATE_LIMIT_POSTS = 10_000


def pages_shown(response) -> tuple[int, int]:
    """(the current page, the last page) as GOV.UK pagination shows them; (1, 1) without pagination."""
    nav = soup(response).select_one("nav.govuk-pagination")
    if nav is None:
        return 1, 1
    current = nav.select_one('[aria-current="page"]')
    numbers = [int(a.get_text(strip=True)) for a in nav.select(".govuk-pagination__item a")]
    return int(current.get_text(strip=True)), max(numbers)
