"""The cached HTML of each post ({% post_list %} in moderation/templatetags/post_tags.py): used again when
nothing it shows has changed, never stale after an edit or a moderation action, never another reader's."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils.html import escape

from forum_site.moderation import services
from forum_site.moderation.models import PostState
from forum_site.moderation.selectors import marked_for_reader, posts_for_reader
from forum_site.moderation.templatetags import post_tags
from tests.conftest import make_established, sign_in
from tests.discussions.conftest import bulk_replies, soup, topic_url
from tests.factories import UserFactory
from tests.payloads import PAYLOADS

pytestmark = pytest.mark.django_db


def make_member(name):
    return make_established(UserFactory(display_name=name))


@pytest.fixture
def renders(monkeypatch):
    """Counts the posts rendered with the template (not taken from the cache)."""
    calls = []
    original = post_tags._render

    def counting(post, **kwargs):
        calls.append(post.pk)
        return original(post, **kwargs)

    monkeypatch.setattr(post_tags, "_render", counting)
    return calls


def _post(response, post):
    return soup(response).find(id=f"post-{post.pk}")


def test_a_second_view_takes_every_post_from_the_cache(client, topic, member, renders):
    bulk_replies(topic, member, 20)
    client.force_login(make_member("Reader"))
    assert client.get(topic_url(topic)).status_code == 200
    assert len(renders) == 21  # the opening post and 20 replies
    renders.clear()
    second = client.get(topic_url(topic))
    assert renders == [] and len(soup(second).select("article.app-post")) == 21


def test_an_edit_shows_at_once(client, topic, member, renders):
    reply = services.post_submit(thread=topic.thread, author=member, body="The first wording")
    client.force_login(make_member("Reader"))
    assert "The first wording" in _post(client.get(topic_url(topic)), reply).get_text()
    services.post_edit(post=reply, editor=member, body="A better wording")
    text = _post(client.get(topic_url(topic)), reply).get_text()
    assert "A better wording" in text and "The first wording" not in text and "Edited" in text


def test_a_redaction_shows_at_once(client, topic, member, organiser):
    reply = services.post_submit(thread=topic.thread, author=member, body="Jamie Okafor in Year 4 was excluded")
    client.force_login(make_member("Reader"))
    assert "Jamie Okafor" in _post(client.get(topic_url(topic)), reply).get_text()
    services.post_redact(post=reply, moderator=organiser, body="[name removed] in Year 4 was excluded", reason="A name")
    text = _post(client.get(topic_url(topic)), reply).get_text()
    assert "Jamie Okafor" not in text and "[name removed]" in text and "Redacted by a moderator" in text


def test_hiding_and_restoring_show_at_once(client, topic, member, organiser):
    reply = services.post_submit(thread=topic.thread, author=member, body="Something heated")
    client.force_login(make_member("Reader"))
    assert _post(client.get(topic_url(topic)), reply) is not None
    services.post_hide(post=reply, moderator=organiser, reason="Personal attack")
    assert _post(client.get(topic_url(topic)), reply) is None
    sign_in(client, member)  # the author sees why
    notice = _post(client.get(topic_url(topic)), reply).get_text()
    assert "Hidden by a moderator" in notice and "Personal attack" in notice
    services.post_restore(post=reply, moderator=organiser, reason="Fine on a second look")
    client.force_login(make_member("Another reader"))
    assert _post(client.get(topic_url(topic)), reply) is not None


def test_a_new_display_name_shows_at_once(client, topic, member):
    reply = services.post_submit(thread=topic.thread, author=member, body="Hello all")
    client.force_login(make_member("Reader"))
    assert "Sam member" in _post(client.get(topic_url(topic)), reply).get_text()
    member.display_name = "Sam R"
    member.save(update_fields=["display_name"])
    text = _post(client.get(topic_url(topic)), reply).get_text()
    assert "Sam R" in text and "Sam member" not in text


def test_the_authors_links_never_reach_another_reader(client, topic, member):
    reply = services.post_submit(thread=topic.thread, author=member, body="My own words")
    sign_in(client, member)
    own = " ".join(_post(client.get(topic_url(topic)), reply).get_text(" ").split())
    assert "Edit your post" in own and "Withdraw your post" in own and "Report" not in own
    client.force_login(make_member("Reader"))
    theirs = " ".join(_post(client.get(topic_url(topic)), reply).get_text(" ").split())
    assert "Edit" not in theirs and "Withdraw" not in theirs and "Report this post by Sam member" in theirs
    client.logout()
    anonymous = _post(client.get(topic_url(topic)), reply).get_text(" ")
    assert "Report" not in anonymous and "Edit" not in anonymous and "My own words" in anonymous


def test_a_waiting_post_keeps_its_reasons_for_its_author_only(client, topic):
    newcomer = UserFactory(display_name="Newcomer")  # verified, but new: a phone number holds the post
    waiting = services.post_submit(thread=topic.thread, author=newcomer, body="Call me on 07700 900123")
    assert waiting.state == PostState.PENDING
    sign_in(client, newcomer)
    text = _post(client.get(topic_url(topic)), waiting).get_text()
    assert "Waiting for a moderator" in text and "phone number" in text
    client.force_login(make_member("Reader"))
    assert _post(client.get(topic_url(topic)), waiting) is None


def test_the_key_changes_with_what_the_reader_may_do(topic, member):
    reader = make_member("Reader")
    posts = marked_for_reader(posts_for_reader(topic.thread, reader), reader)
    as_member = post_tags.fragment_keys(posts, label="post", is_member=True)
    assert as_member == post_tags.fragment_keys(posts, label="post", is_member=True)
    assert set(as_member).isdisjoint(post_tags.fragment_keys(posts, label="post", is_member=False))
    assert set(as_member).isdisjoint(post_tags.fragment_keys(posts, label="comment", is_member=True))
    author_view = marked_for_reader(posts_for_reader(topic.thread, member), member)
    assert set(as_member).isdisjoint(post_tags.fragment_keys(author_view, label="post", is_member=True))


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "<" in p][:8])
def test_anything_in_the_cache_that_is_not_rendered_html_is_escaped(client, topic, member, payload):
    """Whatever a poisoned or corrupted cache holds, only the template's own output is used as HTML."""
    reader = make_member("Reader")
    posts = marked_for_reader(posts_for_reader(topic.thread, reader), reader)
    (key,) = post_tags.fragment_keys(posts, label="post", is_member=True)
    cache.set(key, str(payload), post_tags.FRAGMENT_SECONDS)  # a plain str, not SafeString
    sign_in(client, reader)
    page = client.get(topic_url(topic)).content.decode()
    assert payload not in page and escape(payload) in page


def test_a_new_release_never_meets_old_fragments(topic, monkeypatch):
    """The key carries a digest of the template, the sanitiser, the filters and the post links' URLs."""
    reader = make_member("Reader")
    posts = marked_for_reader(posts_for_reader(topic.thread, reader), reader)
    before = post_tags.fragment_keys(posts, label="post", is_member=True)
    monkeypatch.setattr(post_tags, "_code_digest", lambda: "a later release")
    assert set(before).isdisjoint(post_tags.fragment_keys(posts, label="post", is_member=True))
