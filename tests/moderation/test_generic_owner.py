"""Moderation on a content type it was not written for: the test-only questions app
(tests/apps/questions) registers one owner and puts ``{% comments_for %}`` on its page, and every part
of the one moderation flow works on it: the comment URL, submit, hold (by the checks and by the
owner's own pre-moderation rule), approve, reject, hide, redact, report, the queue's "Where" filter,
the item and thread screens, followers' emails and the author's outcome email, page-aware links."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from forum_site.accounts import roles
from forum_site.moderation import owners, services
from forum_site.moderation.models import FlagReason, PostState
from forum_site.notifications.services import follow_set
from tests.apps.questions.models import Question, Subject
from tests.apps.questions.owners import QUESTIONS
from tests.factories import UserFactory
from tests.moderation.conftest import PHONE_BODY, item_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(db):
    return Subject.objects.create(title="Transport")


@pytest.fixture
def question(subject):
    return Question.objects.create(subject=subject, title="Should taxis wait at school?")


def comment_url(question) -> str:
    return reverse("moderation:comment-create", args=["question", question.pk])


def comment(_client, user, question, body):
    """`user` comments through the form, on a client of their own (the staff fixtures sign in `client`)."""
    member_client = Client()
    member_client.force_login(user)
    return member_client.post(comment_url(question), {"body": body})


def the_post(question):
    return services.thread_for(question, create=False).posts.order_by("-pk").first()


def test_the_registry_knows_the_new_owner(question):
    assert owners.owner_for_key("question") is QUESTIONS
    assert owners.owner_for_model(Question) is QUESTIONS
    assert owners.comment_key(question) == "question"
    assert owners.comment_target("question", question.pk) == question


def test_the_registry_refuses_a_second_owner_for_a_key_or_a_model():
    class Again(owners.Owner):
        key = "question"
        model = "testquestions.Subject"

    class SameModel(owners.Owner):
        key = "question-again"
        model = "testquestions.Question"

    with pytest.raises(ValueError, match="already registered"):
        owners.register(Again())
    with pytest.raises(ValueError, match="already has an owner"):
        owners.register(SameModel())
    with pytest.raises(ValueError, match="needs a key"):
        owners.register(owners.Owner())
    assert owners.owner_for_key("question") is QUESTIONS and owners.owner_for_key("question-again") is None


def test_the_page_shows_the_comment_form_and_a_member_comments(client, question, member):
    client.force_login(member)
    page = client.get(question.get_absolute_url()).content.decode()
    assert f'action="{comment_url(question)}"' in page
    response = client.post(comment_url(question), {"body": "Yes, ours leaves at 3:05 without him."})
    post = the_post(question)
    assert post.state == PostState.PUBLISHED and post.author == member
    assert post.thread.target == question  # every thread has a target
    assert response["Location"] == f"{question.get_absolute_url()}#post-{post.pk}"
    assert "Yes, ours leaves at 3:05 without him." in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.parametrize("tamper", ["closed", "missing", "unknown-key", "not-commentable-key"])
def test_comments_on_what_the_owner_does_not_offer_are_refused(client, question, member, tamper):
    client.force_login(member)
    if tamper == "closed":
        question.is_open = False
        question.save()
        url = comment_url(question)
    elif tamper == "missing":
        url = reverse("moderation:comment-create", args=["question", 999999])
    elif tamper == "unknown-key":
        url = reverse("moderation:comment-create", args=["nope", question.pk])
    else:  # topics are moderated but take no generic comments
        url = reverse("moderation:comment-create", args=["topic", question.pk])
    assert client.post(url, {"body": "Hello"}).status_code == 404
    assert services.thread_for(question, create=False) is None  # nothing half-saved


@pytest.mark.parametrize("body", ["", "   ", "x" * 20001])
def test_bad_comments_change_nothing(client, question, member, body):
    response = comment(client, member, question, body)
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert services.thread_for(question, create=False) is None  # no empty thread left behind


def test_html_in_a_comment_is_shown_as_text(client, question, member):
    comment(client, member, question, "<script>alert(1)</script> and <b>bold</b>")
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)" in page or "alert(1)" in page


def test_checks_hold_a_comment_and_the_queue_shows_where_it_is(
    client, organiser_client, question, subject, member, topic
):
    comment(client, member, question, PHONE_BODY)
    held = the_post(question)
    assert held.state == PostState.PENDING and {f.reason for f in held.flags.all()} == {FlagReason.PHONE}
    forum_post = services.post_submit(thread=topic.thread, author=member, body=PHONE_BODY)
    queue = organiser_client.get(reverse("moderation_queue:index")).content.decode()
    assert f'id="select-{held.pk}"' in queue and "Question" in queue and escape(question.title) in queue
    assert '<optgroup label="Subject">' in queue and f'value="question:{subject.pk}"' in queue
    only = organiser_client.get(reverse("moderation_queue:index"), {"group": f"question:{subject.pk}"}).content.decode()
    assert f'id="select-{held.pk}"' in only and f'id="select-{forum_post.pk}"' not in only
    item = organiser_client.get(item_url(held)).content.decode()
    assert escape(question.title) in item and question.get_absolute_url() in item
    settings_page = organiser_client.get(reverse("moderation_queue:thread", args=[held.thread_id])).content.decode()
    assert "Question admin" in settings_page and f"/test-questions/{question.pk}/admin/" in settings_page
    assert "Pinned" not in settings_page


def test_the_owners_premoderation_rule_holds_every_comment(client, question, member, organiser):
    question.held = True
    question.save()
    comment(client, member, question, "Our taxi is fine.")
    post = the_post(question)
    assert post.state == PostState.PENDING
    mail.outbox.clear()
    services.post_approve(post=post, moderator=organiser)
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    (outcome,) = [m for m in mail.outbox if m.to == [member.email]]
    assert outcome.subject == "Your post is published"
    assert f"{settings.SITE_URL}{question.get_absolute_url()}#post-{post.pk}" in outcome.body


def test_the_threads_own_premoderation_switch_holds_comments(client, question, member, organiser):
    thread = services.thread_for(question)
    services.thread_settings_set(
        thread=thread, moderator=organiser, locked=False, premoderated=True, slow_mode_seconds=0
    )
    comment(client, member, question, "Our taxi is fine.")
    assert the_post(question).state == PostState.PENDING
    services.thread_settings_set(
        thread=thread, moderator=organiser, locked=False, premoderated=False, slow_mode_seconds=0
    )
    comment(client, member, question, "Our taxi is fine again.")
    assert the_post(question).state == PostState.PUBLISHED


def test_reject_hide_restore_redact_and_report(client, question, member, parent, organiser):
    comment(client, member, question, PHONE_BODY)
    held = the_post(question)
    services.post_reject(post=held, moderator=organiser, reason="Phone number")
    held.refresh_from_db()
    assert held.state == PostState.REJECTED
    comment(client, member, question, "Ours was late all term.")
    post = the_post(question)
    services.post_report(post=post, reporter=parent, reason=FlagReason.REPORT_OFFENSIVE)
    assert post.flags.filter(reason=FlagReason.REPORT_OFFENSIVE).exists()
    services.post_hide(post=post, moderator=organiser, reason="Upsetting")
    post.refresh_from_db()
    assert post.state == PostState.HIDDEN
    client.logout()
    assert "Ours was late all term." not in client.get(question.get_absolute_url()).content.decode()
    services.post_restore(post=post, moderator=organiser, reason="On second look, fine")
    services.post_redact(post=post, moderator=organiser, body="Ours was late.", reason="Shorter")
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED and post.body == "Ours was late."
    assert "Ours was late." in client.get(question.get_absolute_url()).content.decode()


def test_followers_hear_with_the_owners_subjects_and_a_page_aware_link(
    client, question, subject, member, parent, organiser, settings, django_capture_on_commit_callbacks
):
    settings.FOLLOWABLE_MODELS = [*settings.FOLLOWABLE_MODELS, "testquestions.question", "testquestions.subject"]
    follow_set(user=parent, target=question)
    other = UserFactory(role=roles.PARENTS)
    follow_set(user=other, target=subject)
    for body in ["First answer.", "Second answer."]:  # page 1 holds two comments
        comment(client, member, question, body)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment(client, member, question, "Third answer, on page 2.")
    post = the_post(question)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[parent.email] == f"New answer on {question.title}"
    assert subjects[other.email] == f"New answer in {subject.title}"
    assert member.email not in subjects  # the author is not told of their own post
    link = f"{question.get_absolute_url()}?page=2#post-{post.pk}"
    assert all(link in m.body for m in mail.outbox if m.to[0] in (parent.email, other.email))
    # The author's outcome email after a hold links to the same page.
    question.held = True
    question.save()
    comment(client, member, question, "Fourth answer, held.")
    held = the_post(question)
    mail.outbox.clear()
    services.post_approve(post=held, moderator=organiser)
    (outcome,) = [m for m in mail.outbox if m.to == [member.email]]
    assert re.search(rf"\?page=2#post-{held.pk}\b", outcome.body)
