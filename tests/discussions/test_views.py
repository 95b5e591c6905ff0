"""The forum's public pages: the board index and search, a board, a new topic, a topic and its replies."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum_site.discussions.models import Topic
from forum_site.discussions.services import topic_settings_set
from forum_site.moderation import services
from forum_site.moderation.models import FlagReason, MemberSuspension, Post, PostState
from tests.conftest import sign_in
from tests.discussions.conftest import ROLES, bulk_replies, main_text, pages_shown, reply_url, route, soup, topic_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- The board index ---


def test_index_lists_boards_with_counts_and_latest_activity(client, forum_index, make_board, make_topic, parent):
    ehc = make_board(title="EHC plans", slug="ehc")
    make_board(title="Local offer", slug="local-offer", description="Services the council publishes.")
    make_topic(on=ehc, title="First")
    make_topic(on=ehc, title="Second")
    make_topic(on=ehc, author=parent, title="Waiting for a moderator")  # a new member's topic: not counted
    response = client.get(forum_index.url)
    assert response.status_code == 200
    text = main_text(response)
    assert "EHC plans" in text and "2 topics" in text and "Latest activity" in text
    assert "Local offer" in text and "Services the council publishes." in text and "0 topics" in text
    assert len(soup(response).find_all("h1")) == 1


def test_index_queries_do_not_grow_with_boards(client, forum_index, make_board, member):
    sign_in(client, member)

    def count() -> int:
        client.get(forum_index.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(forum_index.url).status_code == 200
        return len(ctx.captured_queries)

    make_board()
    few = count()
    for _ in range(6):
        make_board()
    assert count() == few


# --- Search ---


def search(client, forum_index, q, **extra):
    return client.get(route(forum_index, "topic-search"), {"q": q, **extra})


def test_search_finds_titles_and_published_posts_only(client, forum_index, topic, member, parent):
    services.post_submit(thread=topic.thread, author=member, body="The tribunal found in our favour.")
    services.post_submit(thread=topic.thread, author=parent, body="A secret word: marmalade.")  # waits: not searchable
    assert topic.title in main_text(search(client, forum_index, "30 weeks"))
    assert topic.title in main_text(search(client, forum_index, "TRIBUNAL"))
    assert "No results for “marmalade”" in main_text(search(client, forum_index, "marmalade"))


def test_search_hides_topics_that_wait(client, forum_index, make_topic, parent):
    make_topic(author=parent, title="Unpublished topic about annual reviews")
    assert "No results" in main_text(search(client, forum_index, "annual reviews"))


def test_search_without_words_asks_for_them(client, forum_index):
    response = search(client, forum_index, "   ")
    assert response.status_code == 200 and "Type some words" in main_text(response)


def test_search_escapes_the_query(client, forum_index):
    response = search(client, forum_index, '<script>alert("q")</script>')
    html = response.content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", ""])
def test_search_bad_page_values_give_a_page(client, forum_index, make_topic, page):
    for i in range(3):
        make_topic(title=f"Plans topic {i}")
    response = search(client, forum_index, "plans", page=page)
    assert response.status_code == 200 and "3 topics found" in main_text(response)


def test_search_paginates(client, forum_index, make_topic, settings):
    from forum_site.discussions import selectors

    for i in range(selectors.SEARCH_RESULTS_PER_PAGE + 2):
        make_topic(title=f"Transport topic {i}")
    first = search(client, forum_index, "transport")
    assert pages_shown(first) == (1, 2)
    second = search(client, forum_index, "transport", page=2)
    assert len(soup(second).select(".app-card-list li")) == 2
    assert 'href="?q=transport&amp;page=1"' in second.content.decode()


def test_search_queries_do_not_grow_with_results(client, forum_index, make_topic, member):
    sign_in(client, member)

    def count() -> int:
        search(client, forum_index, "plans")
        with CaptureQueriesContext(connection) as ctx:
            assert search(client, forum_index, "plans").status_code == 200
        return len(ctx.captured_queries)

    make_topic(title="Plans 0")
    few = count()
    for i in range(1, 10):
        make_topic(title=f"Plans {i}")
    assert count() == few


# --- A board ---


def test_board_lists_pinned_first_then_latest(client, board, make_topic, member, organiser):
    old = make_topic(title="Old but pinned")
    make_topic(title="Middle")
    newest = make_topic(title="Newest")
    topic_settings_set(
        topic=old, moderator=organiser, pinned=True, locked=True, premoderated=False, slow_mode_seconds=0
    )
    services.post_submit(thread=newest.thread, author=member, body="A reply.")
    response = client.get(board.url)
    titles = [a.get_text() for a in soup(response).select(".app-card-list h3 a")]
    assert titles == ["Old but pinned", "Newest", "Middle"]
    text = main_text(response)
    assert "Pinned" in text and "Locked" in text and "1 reply" in text and "Started by Sam member" in text


def test_board_hides_topics_that_wait(client, board, make_topic, parent):
    make_topic(author=parent, title="Not yet public")
    assert "Not yet public" not in main_text(client.get(board.url))


@pytest.mark.parametrize("page", ["abc", "0", "999", "2"])
def test_board_bad_page_values(client, board, make_topic, page):
    make_topic()
    response = client.get(board.url, {"page": page})
    assert response.status_code == 200 and "Waiting 30 weeks" in main_text(response)


def test_board_paginates_25_a_page(client, board, make_topic):
    from forum_site.discussions import selectors

    for i in range(selectors.TOPICS_PER_PAGE + 1):
        make_topic(title=f"Topic {i}")
    first = client.get(board.url)
    assert len(soup(first).select(".app-card-list li")) == 25 and pages_shown(first) == (1, 2)
    assert len(soup(client.get(board.url, {"page": 2})).select(".app-card-list li")) == 1


def test_board_start_link_for_members_sign_in_for_visitors(client, board, member, unverified_parent):
    visitor = main_text(client.get(board.url))
    assert "Sign in" in visitor and "Start a topic" not in visitor
    sign_in(client, unverified_parent)
    unverified = main_text(client.get(board.url))
    assert "Start a topic" not in unverified and "Verify your email address" in unverified
    sign_in(client, member)
    assert "Start a topic" in main_text(client.get(board.url))


def test_board_queries_do_not_grow_with_topics(client, board, make_topic, member):
    sign_in(client, member)

    def count() -> int:
        client.get(board.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(board.url).status_code == 200
        return len(ctx.captured_queries)

    make_topic()
    few = count()
    for i in range(10):
        make_topic(title=f"More {i}")
    assert count() == few


# --- New topic ---


def new_topic_url(board) -> str:
    return route(board, "topic-create")


@pytest.mark.parametrize("role", ROLES)
def test_new_topic_form_by_role(client, board, as_role, role):
    as_role(role)
    response = client.get(new_topic_url(board))
    if role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "unverified_parent":
        assert "account/verified_email_required.html" in [t.name for t in response.templates]
    else:
        assert response.status_code == 200 and soup(response).find("input", {"name": "title"})


def test_unverified_member_cannot_post_a_topic(client, board, unverified_parent):
    sign_in(client, unverified_parent)
    client.post(new_topic_url(board), {"title": "Hello", "body": "Text"})
    assert not Topic.objects.exists() and not Post.objects.exists()


def test_established_member_starts_a_published_topic(client, board, member):
    sign_in(client, member)
    response = client.post(new_topic_url(board), {"title": "  Transport to school  ", "body": "Who else?"})
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.title == "Transport to school" and topic.opening_post.state == PostState.PUBLISHED
    page = client.get(topic.get_absolute_url())
    assert "Who else?" in main_text(page)


def test_new_members_topic_waits_and_only_they_see_why(client, board, parent, member):
    sign_in(client, parent)
    response = client.post(
        new_topic_url(board), {"title": "My first topic", "body": "Call me on 07700 900123"}, follow=True
    )
    topic = Topic.objects.get()
    assert topic.opening_post.state == PostState.PENDING
    text = main_text(response)
    assert "Waiting for a moderator" in text and "it seems to contain a phone number" in text
    assert "waiting for a moderator because" in " ".join(
        soup(response).find(class_="govuk-notification-banner").get_text().split()
    )
    assert Client().get(topic.get_absolute_url()).status_code == 404
    other = Client()
    sign_in(other, member)
    assert other.get(topic.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": "", "body": "Text"}, "title", "Give your topic a title."),
        ({"title": "Title", "body": ""}, "body", "Write something before you post."),
        ({"title": "Title", "body": "   "}, "body", "Write something before you post."),
        ({"title": "x" * 151, "body": "Text"}, "title", "Titles can be at most 150 characters; yours has 151."),
        ({"title": "Title", "body": "x" * 20_001}, "body", "Posts can be at most 20,000 characters; yours has 20001."),
        ({"title": "Title\x00", "body": "Text"}, "title", "Null characters are not allowed."),
        ({"body": "Text"}, "title", "Give your topic a title."),
        ({}, "title", "Give your topic a title."),
    ],
)
def test_bad_topic_input_is_refused_with_a_message(client, board, member, data, field, message):
    sign_in(client, member)
    response = client.post(new_topic_url(board), data)
    assert response.status_code == 200
    page = soup(response)
    summary = page.find(class_="govuk-error-summary")
    assert summary is not None and message in summary.get_text()
    assert summary.find("a")["href"] == f"#id_{field}"
    assert not Topic.objects.exists() and Post.objects.filter(thread__topic__isnull=False).count() == 0
    if data.get("body", "").strip() and len(data.get("body", "")) < 100:
        assert page.find("textarea", {"name": "body"}).get_text().strip() == data["body"]


def test_blocked_word_in_title_is_refused(client, board, member):
    services.WatchWord.objects.create(term="scumbag", action=services.WatchAction.BLOCK)
    sign_in(client, member)
    response = client.post(new_topic_url(board), {"title": "The scumbag caseworker", "body": "Text"})
    assert "not allowed here" in soup(response).find(class_="govuk-error-summary").get_text()
    assert not Topic.objects.exists()


def test_posting_too_fast_gives_429_and_the_topic_waits(client, board, member, settings):
    settings.MODERATION_RATE_LIMIT_POSTS = 1
    sign_in(client, member)
    client.post(new_topic_url(board), {"title": "One", "body": "First"})
    response = client.post(new_topic_url(board), {"title": "Two", "body": "Second"})
    assert response.status_code == 429
    assert "Please slow down" in main_text(response)
    waiting = Topic.objects.get(title="Two").opening_post
    assert waiting.state == PostState.PENDING and waiting.flags.filter(reason=FlagReason.RATE).exists()


def test_new_topic_csrf_is_enforced(board, member):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, member)
    response = client.post(new_topic_url(board), {"title": "No token", "body": "Text"})
    assert response.status_code == 403 and not Topic.objects.exists()


def test_suspended_member_cannot_start_a_topic(client, board, member, organiser):
    services.member_suspend(user=member, moderator=organiser, days=3, reason="Repeated personal attacks.")
    sign_in(client, member)
    response = client.post(new_topic_url(board), {"title": "Title", "body": "Text"})
    assert "suspended from posting" in soup(response).find(class_="govuk-error-summary").get_text()
    assert not Topic.objects.exists()


# --- A topic ---


def test_topic_shows_posts_with_markers_and_time(client, topic, member, organiser):
    published = services.post_submit(thread=topic.thread, author=member, body="Our plan arrived at last.")
    services.post_edit(post=published, editor=member, body="Our plan arrived at last, after 40 weeks.")
    services.post_redact(
        post=topic.opening_post, moderator=organiser, body="Has anyone waited [removed]?", reason="Name"
    )
    response = client.get(topic_url(topic))
    page = soup(response)
    assert len(page.find_all("h1")) == 1 and page.find("h1").get_text() == topic.title
    edited = page.find(id=f"post-{published.pk}")
    assert "Edited" in edited.get_text() and edited.find("time")["datetime"]
    assert "Redacted by a moderator" in page.find(id=f"post-{topic.opening_post.pk}").get_text()


def test_topic_of_another_board_is_404(client, make_board, topic):
    other = make_board()
    assert client.get(route(other, "topic-detail", topic_id=topic.pk)).status_code == 404
    assert client.get(route(topic.board, "topic-detail", topic_id=999999)).status_code == 404


def test_withdrawn_opening_post_hides_the_topic(client, topic, member):
    services.post_withdraw(post=topic.opening_post, user=member)
    assert client.get(topic_url(topic)).status_code == 404
    sign_in(client, member)
    assert client.get(topic_url(topic)).status_code == 404


def test_own_rejected_and_hidden_posts_show_the_reason_to_the_author_only(client, topic, member, organiser):
    author = UserFactory(display_name="Alex")  # a new member: posts wait
    rejected = services.post_submit(thread=topic.thread, author=author, body="Rejected words")
    services.post_reject(post=rejected, moderator=organiser, reason="Please keep to the topic.")
    hidden = services.post_submit(thread=topic.thread, author=author, body="Hidden words")
    services.post_approve(post=hidden, moderator=organiser)
    services.post_hide(post=hidden, moderator=organiser, reason="It names a teacher.")
    sign_in(client, author)
    text = main_text(client.get(topic_url(topic)))
    assert "Not published." in text and "Please keep to the topic." in text
    assert "Hidden by a moderator." in text and "It names a teacher." in text
    for viewer in (member, None):
        other = Client()
        if viewer:
            sign_in(other, viewer)
        other_text = main_text(other.get(topic_url(topic)))
        assert "Rejected words" not in other_text and "Hidden words" not in other_text
        assert "keep to the topic" not in other_text and "names a teacher" not in other_text


def make_member(name):
    from tests.conftest import make_established

    return make_established(UserFactory(display_name=name))


def test_post_links_depend_on_who_reads(client, topic, member):
    other = make_member("Robin")
    theirs = services.post_submit(thread=topic.thread, author=other, body="Robin's reply")
    edit_own = f"/posts/{topic.opening_post.pk}/edit/"
    report_theirs = f"/posts/{theirs.pk}/report/"
    visitor = client.get(topic_url(topic)).content.decode()
    assert edit_own not in visitor and report_theirs not in visitor and "Sign in" in visitor
    sign_in(client, member)
    html = client.get(topic_url(topic)).content.decode()
    assert edit_own in html and f"/posts/{topic.opening_post.pk}/withdraw/" in html and report_theirs in html
    assert f"/posts/{topic.opening_post.pk}/report/" not in html and f"/posts/{theirs.pk}/edit/" not in html


def test_unverified_member_sees_no_reply_form_or_report_link(client, topic, unverified_parent):
    sign_in(client, unverified_parent)
    response = client.get(topic_url(topic))
    assert soup(response).find("textarea") is None and "/report/" not in response.content.decode()
    assert "Verify your email address to reply" in main_text(response)


def test_topic_states_are_written_as_text(client, topic, member, organiser):
    topic_settings_set(
        topic=topic, moderator=organiser, pinned=True, locked=True, premoderated=False, slow_mode_seconds=120
    )
    sign_in(client, member)
    response = client.get(topic_url(topic))
    text = main_text(response)
    assert "Pinned" in text and "This topic is locked" in text and "once every 120 seconds" in text
    assert soup(response).find("textarea") is None


def test_suspended_member_sees_why_instead_of_the_form(client, topic, member, organiser):
    services.member_suspend(user=member, moderator=organiser, days=2, reason="Cooling off.")
    sign_in(client, member)
    response = client.get(topic_url(topic))
    assert "suspended from posting" in main_text(response) and "Cooling off." in main_text(response)
    assert soup(response).find("textarea") is None


@pytest.mark.parametrize("page", ["abc", "0", "999", "last", "-3"])
def test_topic_bad_page_values(client, topic, member, page):
    bulk_replies(topic, member, 60)
    response = client.get(topic_url(topic), {"page": page})
    assert response.status_code == 200 and len(soup(response).select("article.app-post")) in (25, 11)


def test_topic_paginates_25_a_page_with_anchors(client, topic, member):
    posts = bulk_replies(topic, member, 60)  # with the opening post: 25, 25 and 11
    response = client.get(topic_url(topic))
    first = soup(response)
    assert len(first.select("article.app-post")) == 25 and pages_shown(response) == (1, 3)
    last = soup(client.get(topic_url(topic), {"page": 3}))
    assert len(last.select("article.app-post")) == 11 and last.find(id=f"post-{posts[-1].pk}") is not None


def _topic_queries(client, topic) -> int:
    client.get(topic_url(topic))  # warm Wagtail's site and navigation caches
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(topic_url(topic), {"page": "1"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_topic_queries_do_not_grow_with_replies(client, make_topic, member, signed_in):
    reader = make_member("Reader")
    if signed_in:
        sign_in(client, reader)
    small, large = make_topic(title="Small"), make_topic(title="Large")
    # The reader's own waiting post (its reasons are read from its flags) on the first page of both.
    for t in (small, large):
        services.post_submit(thread=t.thread, author=reader, body="Call me on 07700 900123")
    bulk_replies(small, member, 5)
    bulk_replies(large, member, 200)
    few = _topic_queries(client, small)
    many = _topic_queries(client, large)
    assert few == many, f"{few} queries for 5 replies, {many} for 200"


def test_anonymous_topic_page_is_cached_and_retired_by_a_new_reply(client, topic, member):
    assert client.get(topic_url(topic))["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(topic_url(topic))["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0
    services.post_submit(thread=topic.thread, author=member, body="A new reply appears.")
    response = client.get(topic_url(topic))
    assert response["X-Page-Cache"] == "miss" and "A new reply appears." in main_text(response)


def test_anonymous_topic_page_has_no_form_or_cookie(client, topic):
    response = client.get(topic_url(topic))
    assert not response.cookies and b"csrfmiddlewaretoken" not in response.content


# --- Replies ---


def test_reply_publishes_and_redirects_to_its_anchor(client, topic, member):
    sign_in(client, member)
    response = client.post(reply_url(topic), {"body": "We had the same."})
    post = Post.objects.get(body="We had the same.")
    assert response.status_code == 302 and response["Location"] == f"{topic_url(topic)}#post-{post.pk}"
    assert post.state == PostState.PUBLISHED


def test_reply_on_a_later_page_redirects_there(client, topic, member):
    bulk_replies(topic, member, 60)
    sign_in(client, member)
    response = client.post(reply_url(topic), {"body": "Late reply."})
    post = Post.objects.get(body="Late reply.")
    assert response["Location"] == f"{topic_url(topic)}?page=3#post-{post.pk}"


def test_new_members_reply_waits_with_a_notice(client, topic, parent):
    sign_in(client, parent)
    response = client.post(reply_url(topic), {"body": "My first reply."}, follow=True)
    post = Post.objects.get(body="My first reply.")
    assert post.state == PostState.PENDING
    article = soup(response).find(id=f"post-{post.pk}")
    assert "Waiting for a moderator" in article.get_text() and "new member's first posts" in article.get_text()


@pytest.mark.parametrize(
    "body, message",
    [("", "Write something before you post."), ("x" * 20_001, "Posts can be at most 20,000 characters")],
)
def test_bad_reply_redisplays_the_form_with_the_text(client, topic, member, body, message):
    sign_in(client, member)
    before = Post.objects.count()
    response = client.post(reply_url(topic), {"body": body})
    assert response.status_code == 200
    page = soup(response)
    summary = page.find(class_="govuk-error-summary")
    assert message in summary.get_text() and summary.find("a")["href"] == "#id_body"
    assert page.find("textarea", {"name": "body"}).get_text().strip() == body
    assert page.title.get_text().startswith("Error:")
    assert Post.objects.count() == before


def test_reply_without_body_field_is_refused(client, topic, member):
    sign_in(client, member)
    before = Post.objects.count()
    response = client.post(reply_url(topic), {"bodyx": "tampered"})
    assert "Write something" in soup(response).find(class_="govuk-error-summary").get_text()
    assert Post.objects.count() == before


def test_reply_to_a_locked_topic_is_refused(client, topic, member, organiser):
    topic_settings_set(
        topic=topic, moderator=organiser, pinned=False, locked=True, premoderated=False, slow_mode_seconds=0
    )
    sign_in(client, member)
    before = Post.objects.count()
    response = client.post(reply_url(topic), {"body": "Let me in."})
    assert "locked" in soup(response).find(class_="govuk-error-summary").get_text()
    assert Post.objects.count() == before


def test_reply_while_suspended_is_refused(client, topic, member, organiser):
    services.member_suspend(user=member, moderator=organiser, days=1, reason="Spam.")
    sign_in(client, member)
    before = Post.objects.count()
    response = client.post(reply_url(topic), {"body": "Still here."})
    assert "suspended" in soup(response).find(class_="govuk-error-summary").get_text()
    assert Post.objects.count() == before and MemberSuspension.objects.count() == 1


def test_reply_in_slow_mode_is_429_and_saves_nothing(client, topic, member, organiser):
    topic_settings_set(
        topic=topic, moderator=organiser, pinned=False, locked=False, premoderated=False, slow_mode_seconds=600
    )
    sign_in(client, member)
    client.post(reply_url(topic), {"body": "First."})
    before = Post.objects.count()
    response = client.post(reply_url(topic), {"body": "Too soon."})
    assert response.status_code == 429 and "slow mode" in main_text(response)
    assert Post.objects.count() == before


def test_reply_over_the_rate_limit_is_429_and_waits(client, topic, member, settings):
    settings.MODERATION_RATE_LIMIT_POSTS = 1
    sign_in(client, member)
    client.post(reply_url(topic), {"body": "One."})
    response = client.post(reply_url(topic), {"body": "Two."})
    assert response.status_code == 429 and "Please slow down" in main_text(response)
    assert Post.objects.get(body="Two.").state == PostState.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_reply_by_role(client, topic, as_role, role):
    user = as_role(role)
    response = client.post(reply_url(topic), {"body": f"Reply as {role}."})
    saved = Post.objects.filter(body=f"Reply as {role}.")
    if role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"] and not saved.exists()
    elif role == "unverified_parent":
        assert not saved.exists()
    else:
        assert response.status_code == 302 and saved.get().author == user


def test_reply_get_is_not_allowed(client, topic, member):
    sign_in(client, member)
    assert client.get(reply_url(topic)).status_code == 405


def test_reply_to_a_topic_of_another_board_is_404(client, make_board, topic, member):
    sign_in(client, member)
    other = make_board()
    response = client.post(route(other, "post-create", topic_id=topic.pk), {"body": "Tampered."})
    assert response.status_code == 404 and not Post.objects.filter(body="Tampered.").exists()


def test_reply_to_a_waiting_topic_of_someone_else_is_404(client, make_topic, parent, member):
    hidden = make_topic(author=parent, title="Still waiting")
    sign_in(client, member)
    assert client.post(reply_url(hidden), {"body": "Sneaky."}).status_code == 404


def test_reply_csrf_is_enforced(topic, member):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, member)
    assert client.post(reply_url(topic), {"body": "No token."}).status_code == 403
    assert not Post.objects.filter(body="No token.").exists()


def test_board_and_topic_have_follow_buttons(client, topic, member):
    visitor_board = client.get(topic.board.url)
    assert "Sign in to follow" in main_text(visitor_board) and not visitor_board.cookies
    sign_in(client, member)
    for url in (topic.board.url, topic_url(topic)):
        form = soup(client.get(url)).find("form", {"action": "/notifications/follow/"})
        assert form is not None, url
