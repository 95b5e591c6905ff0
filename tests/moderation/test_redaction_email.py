"""After a redaction the author is told what changed (a moderator edited part of the post), why (the
moderator's reason) and how it now reads: never just "Your post is published", never the words taken out."""

from __future__ import annotations

import pytest
from django.core import mail

from forum_site.moderation import services
from forum_site.moderation.models import FlagOutcome, PostState
from tests.moderation.conftest import PHONE_BODY, item_url

pytestmark = pytest.mark.django_db

REDACTED = "Ring me on [number removed] about the tribunal."
REASON = "It had a personal phone number in it. Please use private messages for that."


def mail_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_redact_and_publish_tells_the_author_what_changed_and_why_in_one_email(phone_post, member, organiser):
    mail.outbox.clear()
    post = services.post_redact(post=phone_post, moderator=organiser, body=REDACTED, reason=REASON, publish=True)
    assert post.state == PostState.PUBLISHED and post.redacted
    [email] = mail_to(member)
    assert email.subject == "Your post is published, with a change by a moderator"
    body = " ".join(email.body.split())
    assert "A moderator has published your post, after changing part of it" in body
    assert f"Why: {REASON}" in body
    assert f"Your post now reads: {REDACTED}" in body
    assert f"#post-{post.pk}" in body
    assert "07700 900123" not in email.body  # the words taken out are not sent round again
    assert "Your post is now published" not in body


def test_redacting_a_published_post_tells_the_author(reported_post, member, organiser):
    mail.outbox.clear()
    services.post_redact(post=reported_post, moderator=organiser, body="Edited out", reason="It named a teacher.")
    [email] = mail_to(member)
    assert email.subject == "A moderator changed your post"
    body = " ".join(email.body.split())
    assert "A moderator has changed part of your post" in body and "Why: It named a teacher." in body
    assert "Your post now reads: Edited out" in body and "You can see it here" in body


def test_redacting_without_publishing_says_it_still_waits(phone_post, member, organiser):
    mail.outbox.clear()
    services.post_redact(post=phone_post, moderator=organiser, body=REDACTED, reason=REASON)
    [email] = mail_to(member)
    assert email.subject == "A moderator changed your post"
    assert "still waiting for a moderator" in email.body and f"Why: {REASON}" in email.body


def test_redacting_a_hidden_post_says_it_is_still_hidden(reported_post, member, organiser):
    services.post_hide(post=reported_post, moderator=organiser, reason="Heated")
    mail.outbox.clear()
    services.post_redact(post=reported_post, moderator=organiser, body="Edited out", reason="A name")
    [email] = mail_to(member)
    assert "still hidden" in email.body and "You can edit your post" not in email.body


def test_a_long_post_is_quoted_in_part(phone_post, member, organiser):
    long_body = "Our plan was late. " * 200
    mail.outbox.clear()
    services.post_redact(post=phone_post, moderator=organiser, body=long_body, reason=REASON)
    [email] = mail_to(member)
    assert "Our plan was late." in email.body and len(email.body) < len(long_body)


def test_redact_and_publish_upholds_the_checks_and_announces_once(
    phone_post, member, organiser, django_capture_on_commit_callbacks
):
    from forum_site.notifications.services import follow_set
    from tests.factories import UserFactory

    follower = UserFactory()
    follow_set(user=follower, target=phone_post.thread.topic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_redact(post=phone_post, moderator=organiser, body=REDACTED, reason=REASON, publish=True)
    assert set(phone_post.flags.values_list("outcome", flat=True)) == {FlagOutcome.UPHELD}
    assert [m.subject for m in mail_to(follower)] == [f"New reply in {phone_post.thread.topic.title}"]
    assert "07700" not in mail_to(follower)[0].body
    assert len(mail_to(member)) == 1  # the redaction email only: not a second "Your post is published"


def test_publish_is_ignored_for_a_post_that_does_not_wait(reported_post, member, organiser):
    mail.outbox.clear()
    post = services.post_redact(
        post=reported_post, moderator=organiser, body="Edited out", reason="A name", publish=True
    )
    assert post.state == PostState.PUBLISHED and post.needs_review  # the reports stay open for a decision
    assert [m.subject for m in mail_to(member)] == ["A moderator changed your post"]


@pytest.mark.parametrize(
    "body, reason, message",
    [
        (REDACTED, "", "Give a reason"),
        (REDACTED, "   ", "Give a reason"),
        ("", REASON, "Write something"),
        (PHONE_BODY, REASON, "The text is unchanged"),
    ],
)
def test_a_refused_redaction_tells_nobody(phone_post, member, organiser, body, reason, message):
    mail.outbox.clear()
    with pytest.raises(services.ModerationError, match=message):
        services.post_redact(post=phone_post, moderator=organiser, body=body, reason=reason, publish=True)
    assert not mail.outbox
    phone_post.refresh_from_db()
    assert phone_post.state == PostState.PENDING and not phone_post.redacted


def test_only_moderators_can_redact(phone_post, member, parent):
    mail.outbox.clear()
    for user in (parent, member):
        with pytest.raises(services.ModerationError):
            services.post_redact(post=phone_post, moderator=user, body=REDACTED, reason=REASON, publish=True)
    assert not mail.outbox


def test_the_queue_action_sends_the_redaction_email(organiser_client, phone_post, member):
    mail.outbox.clear()
    response = organiser_client.post(
        item_url(phone_post),
        {"action": "redact", "body": REDACTED, "reason": REASON, "publish": "on"},
    )
    assert response.status_code == 302
    [email] = mail_to(member)
    assert f"Why: {REASON}" in email.body and REDACTED in email.body
