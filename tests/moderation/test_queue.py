"""The queue list in the admin: order, reasons, filters, pagination, escaping and query counts."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from forum_site.core.sanitize import plain_excerpt
from forum_site.moderation import selectors, services
from forum_site.moderation.models import FlagReason, Post, WatchAction, WatchWord
from tests.conftest import make_established
from tests.factories import UserFactory
from tests.moderation.conftest import PHONE_BODY, QUEUE, item_url, reply, reported
from tests.payloads import PAYLOADS

pytestmark = pytest.mark.django_db


def queue_html(client, **params) -> str:
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return response.content.decode()


def waited(post, hours: float) -> None:
    """Make a queue item look as if it had waited `hours` (tests only; the services set queued_at)."""
    Post.objects.filter(pk=post.pk).update(queued_at=timezone.now() - datetime.timedelta(hours=hours))


def row_order(html: str, posts) -> list[int]:
    """The posts in the order the list shows them."""
    positions = {post.pk: html.index(f'id="select-{post.pk}"') for post in posts}
    return sorted(positions, key=positions.get)


def test_list_shows_reasons_context_author_age_and_excerpt(organiser_client, phone_post, member, topic):
    html = queue_html(organiser_client)
    assert "Phone number" in html
    assert escape(topic.title) in html and escape(topic.board.title) in html
    assert escape(member.display_name) in html
    assert escape(PHONE_BODY) in html
    assert item_url(phone_post) in html
    assert "Waiting for a moderator (1)" in html


def test_reports_are_grouped_in_one_row(organiser_client, reported_post):
    html = queue_html(organiser_client)
    assert "3 reports: offensive, spam" in html
    assert html.count(f'id="select-{reported_post.pk}"') == 1


def test_safeguarding_first_then_oldest_with_a_text_marker(organiser_client, topic, member):
    old = reply(topic, member, PHONE_BODY)
    newer = reply(topic, make_established(UserFactory()), "Email me: jo@example.org")
    waited(old, 30)
    waited(newer, 2)
    urgent = reported(topic, make_established(UserFactory()), FlagReason.REPORT_SAFEGUARDING, note="Child at risk")
    WatchWord.objects.create(term="hurting himself", action=WatchAction.APPROVE, safeguarding=True)
    urgent_waiting = reply(topic, make_established(UserFactory()), "My son keeps hurting himself at night.")
    assert urgent_waiting.state == "pending" and urgent_waiting.safeguarding
    html = queue_html(organiser_client)
    # Safeguarding first, then the longest waiting, in each part; published posts are never among those that wait.
    assert row_order(html, [old, newer, urgent_waiting]) == [urgent_waiting.pk, old.pk, newer.pk]
    assert html.index(f'id="select-{newer.pk}"') < html.index(f'id="select-{urgent.pk}"')
    # A safeguarding report on a published post is announced above both parts, with a link to it.
    page = BeautifulSoup(html, "html.parser")
    banner = page.find(id="queue-safeguarding")
    assert banner is not None and item_url(urgent) in [a["href"] for a in banner.find_all("a")]
    assert html.index('id="queue-safeguarding"') < html.index('id="queue-pending-title"')
    # Marked in words, not by colour alone: one tag per safeguarding row.
    tags = [t for t in page.select(".w-status") if t.get_text(strip=True) == "Safeguarding"]
    assert len(tags) == 2


def test_filter_by_reason(organiser_client, phone_post, reported_post, new_member_post):
    html = queue_html(organiser_client, reason=FlagReason.PHONE)
    assert f'id="select-{phone_post.pk}"' in html
    assert f'id="select-{reported_post.pk}"' not in html and f'id="select-{new_member_post.pk}"' not in html
    html = queue_html(organiser_client, reason=FlagReason.REPORT_SPAM)
    assert f'id="select-{reported_post.pk}"' in html and f'id="select-{phone_post.pk}"' not in html


def test_filter_by_group(organiser_client, make_board, make_topic, member):
    """The queue's "Where" filter lists each owner's groups (the forum's boards); one board shows its posts only."""
    other_board = make_board(title="Local offer", slug="local-offer")
    here = reply(make_topic(), member, PHONE_BODY)
    there = reply(make_topic(on=other_board), member, PHONE_BODY)
    html = queue_html(organiser_client)
    assert '<optgroup label="Board">' in html and f'value="topic:{other_board.pk}"' in html
    html = queue_html(organiser_client, group=f"topic:{other_board.pk}")
    assert f'id="select-{there.pk}"' in html and f'id="select-{here.pk}"' not in html


@pytest.mark.parametrize(
    ("age", "shown"), [("24", {"days"}), ("48", {"days"}), ("168", set()), ("", {"days", "hours"})]
)
def test_filter_by_age(organiser_client, topic, member, age, shown):
    posts = {"days": reply(topic, member, PHONE_BODY), "hours": reply(topic, member, "Call 07700 900456 please")}
    waited(posts["days"], 72)
    waited(posts["hours"], 3)
    html = queue_html(organiser_client, age=age)
    assert {name for name, post in posts.items() if f'id="select-{post.pk}"' in html} == shown


@pytest.mark.parametrize(
    "params",
    [
        {"reason": "nonsense"},
        {"group": "topic:abc"},
        {"group": "topic:999999"},
        {"group": "nope:1"},
        {"group": "topic"},
        {"age": "-5"},
        {"age": "x"},
        {"p": "zzz"},
    ],
)
def test_bad_filter_values_are_ignored(organiser_client, phone_post, params):
    html = queue_html(organiser_client, **params)
    assert f'id="select-{phone_post.pk}"' in html


def test_pagination(organiser_client, topic, member):
    posts = [reply(topic, member, f"{PHONE_BODY} {i}") for i in range(selectors.QUEUE_PAGE_SIZE + 2)]
    first = queue_html(organiser_client)
    assert "Page 1 of 2" in first and "Next page" in first
    second = queue_html(organiser_client, p=2)
    shown = [p for p in posts if f'id="select-{p.pk}"' in second]
    assert len(shown) == 2


def test_consultation_comments_are_in_the_queue(organiser_client, consultation, member):
    thread = services.thread_for(consultation)
    post = services.post_submit(thread=thread, author=member, body=PHONE_BODY)
    html = queue_html(organiser_client)
    assert f'id="select-{post.pk}"' in html and escape(consultation.title) in html
    response = organiser_client.get(item_url(post))
    assert response.status_code == 200 and escape(consultation.title) in response.content.decode()


def _make_items(n, topic, consultation):
    thread = services.thread_for(consultation)
    for i in range(n):
        author = make_established(UserFactory())
        if i % 3 == 0:
            reported(topic, author, FlagReason.REPORT_OFFENSIVE, FlagReason.REPORT_SPAM)
        elif i % 3 == 1:
            services.post_submit(thread=thread, author=author, body=f"{PHONE_BODY} {i}")
        else:
            reply(topic, author, f"Write to me at person{i}@example.org")


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(QUEUE)).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_items(organiser_client, topic, consultation, settings):
    settings.MODERATION_RATE_LIMIT_POSTS = 10_000
    _make_items(3, topic, consultation)
    few = _count_queries(organiser_client)
    _make_items(27, topic, consultation)
    assert Post.objects.in_queue().count() == 30
    assert _count_queries(organiser_client) == few


def test_html_in_bodies_and_notes_is_escaped_in_the_queue(organiser_client, topic, parent, member, settings):
    settings.MODERATION_RATE_LIMIT_POSTS = 10_000
    note_post = reported(topic, member, FlagReason.REPORT_OTHER, note="<script>alert('note')</script>")
    settings.MODERATION_NEW_MEMBER_POSTS = 1_000  # every post by `parent` waits
    posted = []
    for payload in PAYLOADS:
        try:
            posted.append((payload, reply(topic, parent, payload)))
        except services.PostRefused:
            continue
    pages = "".join(queue_html(organiser_client, p=n) for n in range(1, len(posted) // selectors.QUEUE_PAGE_SIZE + 2))
    for payload, post in posted:
        excerpt = plain_excerpt(post.body, 200)
        assert escape(excerpt) in pages, payload
        if "<" in excerpt or '"' in excerpt:
            assert excerpt not in pages, payload
    item = organiser_client.get(item_url(note_post)).content.decode()
    assert "<script>alert('note')</script>" not in item
    assert escape("<script>alert('note')</script>") in item
    for payload, post in posted[:10]:
        item = organiser_client.get(item_url(post)).content.decode()
        if "<" in payload:
            assert payload not in item, payload


def test_recommendation_comments_are_in_the_queue(organiser_client, make_recommendation, member):
    recommendation = make_recommendation(title="Publish EHC timeliness monthly")
    post = services.post_submit(thread=services.thread_for(recommendation), author=member, body=PHONE_BODY)
    assert escape(recommendation.title) in queue_html(organiser_client)
    html = organiser_client.get(item_url(post)).content.decode()
    assert escape(str(recommendation)) in html
    thread_page = organiser_client.get(reverse("moderation_queue:thread", args=[post.thread_id]))
    assert thread_page.status_code == 200 and "Pinned" not in thread_page.content.decode()
