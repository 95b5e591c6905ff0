"""Download my data holds what the member wrote in the forum: topics and replies with their dates and
states, the reports they made and their suspensions, and nothing of another member's."""

from __future__ import annotations

import json

from django.urls import reverse

from forum_site.discussions.services import topic_create
from forum_site.moderation import services as moderation
from forum_site.moderation.models import FlagReason
from tests.conftest import make_established, sign_in
from tests.factories import UserFactory


def test_the_member_download_holds_their_forum_writing(client, home_page, board, parent, organiser):
    make_established(parent)
    other = UserFactory(email="other@example.org")
    make_established(other)
    topic = topic_create(board=board, author=parent, title="Waiting for an EHC plan", body="Our plan is late.")
    reply = moderation.post_submit(thread=topic.thread, author=parent, body="Week 30 now and no news.")
    theirs = moderation.post_submit(thread=topic.thread, author=other, body="Another member's private words.")
    moderation.post_report(post=theirs, reporter=parent, reason=FlagReason.REPORT_OFF_TOPIC)
    moderation.member_suspend(user=parent, moderator=organiser, days=3, reason="Cooling off")

    sign_in(client, parent)
    data = json.loads(client.get(reverse("accounts:data-export")).content)

    assert [t["title"] for t in data["forum_topics"]] == ["Waiting for an EHC plan"]
    assert data["forum_topics"][0]["board"] == board.title
    assert data["forum_topics"][0]["state"] == topic.opening_post.state
    bodies = {post["body"]: post for post in data["forum_posts"]}
    assert {"Our plan is late.", "Week 30 now and no news."} <= set(bodies)
    assert bodies["Week 30 now and no news."]["state"] == reply.state
    assert bodies["Week 30 now and no news."]["created_at"].startswith(reply.created_at.date().isoformat())
    assert bodies["Week 30 now and no news."]["where"] == "Waiting for an EHC plan"
    assert [r["post_id"] for r in data["reports"]] == [theirs.pk]
    assert [s["reason"] for s in data["suspensions"]] == ["Cooling off"]
    assert "Another member's private words." not in json.dumps(data)
    assert {"forum_posts", "forum_topics", "reports", "suspensions"} <= set(data["sections"])
