"""Members' actions on posts from the public pages (edit, withdraw, report) and comments on
consultation pages and recommendations."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum_site.accounts import roles
from forum_site.moderation import services
from forum_site.moderation.models import Flag, FlagReason, Post, PostRevision, PostState
from tests.conftest import make_established, sign_in
from tests.discussions.conftest import ROLES, main_text, soup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Everyone except the author of the post under test (the `member` fixture); `other` is another member.
NOT_THE_AUTHOR = [role for role in ROLES if role != "member"] + ["other"]


def edit_url(post):
    return reverse("moderation:post-edit", args=[post.pk])


def withdraw_url(post):
    return reverse("moderation:post-withdraw", args=[post.pk])


def report_url(post):
    return reverse("moderation:post-report", args=[post.pk])


def comment_url(key, pk):
    return reverse("moderation:comment-create", args=[key, pk])


@pytest.fixture
def other(db):
    return make_established(UserFactory(role=roles.PARENTS, display_name="Robin other"))


@pytest.fixture
def reply(topic, member):
    return services.post_submit(thread=topic.thread, author=member, body="Our plan took 30 weeks.")


# --- Edit ---


def test_author_edits_and_history_is_kept(client, topic, member, reply):
    sign_in(client, member)
    form = soup(client.get(edit_url(reply)))
    assert form.find("textarea", {"name": "body"}).get_text().strip() == "Our plan took 30 weeks."
    response = client.post(edit_url(reply), {"body": "Our plan took 31 weeks."})
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{reply.pk}")
    reply.refresh_from_db()
    assert reply.body == "Our plan took 31 weeks." and reply.edited_at is not None
    assert PostRevision.objects.get(post=reply).body == "Our plan took 30 weeks."
    assert "Edited" in soup(client.get(topic.get_absolute_url())).find(id=f"post-{reply.pk}").get_text()


def test_edit_that_trips_a_check_waits_with_a_notice(client, member, reply):
    sign_in(client, member)
    response = client.post(edit_url(reply), {"body": "Ring 07700 900123."}, follow=True)
    reply.refresh_from_db()
    assert reply.state == PostState.PENDING
    assert "it seems to contain a phone number" in soup(response).find(id=f"post-{reply.pk}").get_text()


@pytest.mark.parametrize("role", NOT_THE_AUTHOR)
def test_nobody_else_can_edit(client, as_role, reply, role):
    as_role(role)
    response = client.get(edit_url(reply))
    if role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "unverified_parent":
        assert "account/verified_email_required.html" in [t.name for t in response.templates]
    else:
        assert response.status_code == 404
    client.post(edit_url(reply), {"body": "Tampered."})
    reply.refresh_from_db()
    assert reply.body == "Our plan took 30 weeks."


@pytest.fixture
def as_role(client, request):
    def as_(name):
        if name == "visitor":
            return None
        user = request.getfixturevalue(name)
        sign_in(client, user)
        return user

    return as_


@pytest.mark.parametrize(
    "body, message",
    [("", "Write something before you post."), ("y" * 20_001, "Posts can be at most 20,000 characters")],
)
def test_bad_edit_is_refused_and_changes_nothing(client, member, reply, body, message):
    sign_in(client, member)
    response = client.post(edit_url(reply), {"body": body})
    assert response.status_code == 200 and message in soup(response).find(class_="govuk-error-summary").get_text()
    reply.refresh_from_db()
    assert reply.body == "Our plan took 30 weeks." and not PostRevision.objects.exists()


def test_hidden_post_cannot_be_edited(client, member, reply, organiser):
    services.post_hide(post=reply, moderator=organiser, reason="Names a teacher.")
    sign_in(client, member)
    assert client.get(edit_url(reply)).status_code == 403
    client.post(edit_url(reply), {"body": "Sneaky edit."})
    reply.refresh_from_db()
    assert reply.body == "Our plan took 30 weeks."


def test_unknown_post_is_404(client, member):
    sign_in(client, member)
    assert client.get(reverse("moderation:post-edit", args=[999999])).status_code == 404


def test_edit_csrf_is_enforced(member, reply):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, member)
    assert client.post(edit_url(reply), {"body": "No token."}).status_code == 403


# --- Withdraw ---


def test_author_withdraws_after_confirming(client, topic, member, reply):
    sign_in(client, member)
    confirm = client.get(withdraw_url(reply))
    assert confirm.status_code == 200 and "Withdraw your post" in main_text(confirm)
    reply.refresh_from_db()
    assert reply.state == PostState.PUBLISHED  # a GET changes nothing
    response = client.post(withdraw_url(reply))
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    reply.refresh_from_db()
    assert reply.state == PostState.WITHDRAWN
    assert "Our plan took 30 weeks." not in main_text(client.get(topic.get_absolute_url()))
    assert client.get(withdraw_url(reply)).status_code == 404


def test_withdrawing_the_opening_post_goes_back_to_the_board(client, topic, member):
    sign_in(client, member)
    response = client.post(withdraw_url(topic.opening_post))
    assert response["Location"] == topic.board.url


@pytest.mark.parametrize("role", NOT_THE_AUTHOR)
def test_nobody_else_can_withdraw(client, as_role, reply, role):
    as_role(role)
    response = client.post(withdraw_url(reply))
    if role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "unverified_parent":
        assert "account/verified_email_required.html" in [t.name for t in response.templates]
    else:
        assert response.status_code == 404
    reply.refresh_from_db()
    assert reply.state == PostState.PUBLISHED


def test_withdraw_csrf_is_enforced(member, reply):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, member)
    assert client.post(withdraw_url(reply)).status_code == 403
    reply.refresh_from_db()
    assert reply.state == PostState.PUBLISHED


def test_rejected_post_cannot_be_withdrawn(client, topic, parent, organiser):
    post = services.post_submit(thread=topic.thread, author=parent, body="Waiting reply")
    services.post_reject(post=post, moderator=organiser, reason="Off-topic.")
    sign_in(client, parent)
    assert client.post(withdraw_url(post)).status_code == 403
    post.refresh_from_db()
    assert post.state == PostState.REJECTED


# --- Report ---


def test_member_reports_with_a_reason_and_is_thanked(client, other, reply, settings):
    sign_in(client, other)
    form = soup(client.get(report_url(reply)))
    assert len(form.find_all("input", {"name": "reason", "type": "radio"})) == len(services.REPORT_REASONS)
    response = client.post(report_url(reply), {"reason": FlagReason.REPORT_OFF_TOPIC, "note": ""}, follow=True)
    flag = Flag.objects.get(post=reply)
    assert flag.reporter == other and flag.reason == FlagReason.REPORT_OFF_TOPIC
    assert "Thank you for your report. A moderator will look" in response.content.decode()
    reply.refresh_from_db()
    assert reply.needs_review and reply.state == PostState.PUBLISHED


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose a reason for your report."),
        ({"reason": "made_up"}, "Choose a reason for your report."),
        ({"reason": FlagReason.RATE}, "Choose a reason for your report."),
        ({"reason": FlagReason.REPORT_OTHER, "note": ""}, "Tell us what is wrong in the note."),
        ({"reason": FlagReason.REPORT_SPAM, "note": "n" * 1001}, "Keep your note to 1000 characters; yours has 1001."),
    ],
)
def test_bad_reports_are_refused(client, other, reply, data, message):
    sign_in(client, other)
    response = client.post(report_url(reply), data)
    assert response.status_code == 200 and message in soup(response).find(class_="govuk-error-summary").get_text()
    assert not Flag.objects.filter(post=reply).exists()


def test_reporting_twice_is_refused_politely(client, other, reply):
    sign_in(client, other)
    client.post(report_url(reply), {"reason": FlagReason.REPORT_SPAM})
    response = client.post(report_url(reply), {"reason": FlagReason.REPORT_SPAM})
    assert "already reported" in soup(response).find(class_="govuk-error-summary").get_text()
    assert Flag.objects.filter(post=reply).count() == 1


def test_own_post_cannot_be_reported(client, member, reply):
    sign_in(client, member)
    assert client.get(report_url(reply)).status_code == 403
    assert client.post(report_url(reply), {"reason": FlagReason.REPORT_SPAM}).status_code == 403
    assert not Flag.objects.exists()


def test_unpublished_post_cannot_be_reported(client, topic, parent, other):
    waiting = services.post_submit(thread=topic.thread, author=parent, body="Not yet public")
    sign_in(client, other)
    assert client.get(report_url(waiting)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_report_by_role(client, as_role, reply, role):
    as_role(role)
    response = client.post(report_url(reply), {"reason": FlagReason.REPORT_SPAM})
    reported = Flag.objects.filter(post=reply, reason=FlagReason.REPORT_SPAM).exists()
    if role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"] and not reported
    elif role == "unverified_parent":
        assert not reported
    elif role == "member":  # the author
        assert response.status_code == 403 and not reported
    else:
        assert response.status_code == 302 and reported


def test_report_csrf_is_enforced(other, reply):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, other)
    assert client.post(report_url(reply), {"reason": FlagReason.REPORT_SPAM}).status_code == 403
    assert not Flag.objects.exists()


def test_reporters_and_others_never_see_moderation_details(client, topic, member, other):
    services.WatchWord.objects.create(term="complaint", action=services.WatchAction.FLAG)
    flagged = services.post_submit(thread=topic.thread, author=member, body="I made a complaint.")
    assert flagged.state == PostState.PUBLISHED and flagged.needs_review
    sign_in(client, other)
    client.post(report_url(flagged), {"reason": FlagReason.REPORT_OTHER, "note": "Secret reporter note"})
    for viewer in (other, member, None):
        c = Client()
        if viewer:
            sign_in(c, viewer)
        html = c.get(topic.get_absolute_url()).content.decode()
        assert "Secret reporter note" not in html and "Watch-list" not in html and "word our moderators" not in html


# --- Comments on consultation pages and recommendations ---


@pytest.fixture
def consultation(home_page):
    from consultations.models import ConsultationIndexPage, ConsultationPage
    from tests.consultations.conftest import full_stream

    index = ConsultationIndexPage.objects.child_of(home_page).first()
    now = timezone.now()
    page = ConsultationPage(
        title="Short breaks",
        slug="short-breaks",
        summary="What should short breaks look like?",
        run_by="Northfield Council",
        contact_email="send@example.org",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7),
        questions=full_stream(),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def recommendation(home_page):
    from recommendations.models import Recommendation, ScrutinyReviewPage, TrackerIndexPage

    tracker = TrackerIndexPage.objects.child_of(home_page).first()
    if tracker is None:
        tracker = TrackerIndexPage(title="Tracker", slug="tracker-test")
        home_page.add_child(instance=tracker)
        tracker.save_revision().publish()
    review = ScrutinyReviewPage(
        title="Review of SEND",
        slug="review-send",
        panel="Children's panel",
        scope="SEND.",
        adopted_on=datetime.date(2026, 3, 1),
    )
    tracker.add_child(instance=review)
    review.save_revision().publish()
    return Recommendation.objects.create(review=review, reference="1", title="Publish timeliness", text="Monthly.")


def test_member_comments_on_a_consultation(client, consultation, member):
    sign_in(client, member)
    page = soup(client.get(consultation.url))
    form = page.find("form", {"action": comment_url("consultation", consultation.pk)})
    assert form is not None and form.find("textarea", {"name": "body"})
    response = client.post(
        comment_url("consultation", consultation.pk), {"body": "Short breaks in the holidays, please."}
    )
    post = Post.objects.get(body="Short breaks in the holidays, please.")
    assert response.status_code == 302 and response["Location"] == f"{consultation.url}#post-{post.pk}"
    assert post.state == PostState.PUBLISHED and post.thread.target == consultation
    assert "Short breaks in the holidays, please." in main_text(Client().get(consultation.url))


def test_visitor_sees_comments_and_a_sign_in_link_and_the_page_stays_cached(client, consultation, member):
    services.post_submit(thread=services.thread_for(consultation), author=member, body="A published comment.")
    first = client.get(consultation.url)
    assert first["X-Page-Cache"] == "miss" and not first.cookies
    text = main_text(first)
    assert "A published comment." in text and "Sign in" in text and "to comment" in text
    assert b"csrfmiddlewaretoken" not in first.content
    assert client.get(consultation.url)["X-Page-Cache"] == "hit"
    services.post_submit(thread=services.thread_for(consultation), author=member, body="A second comment.")
    again = client.get(consultation.url)
    assert again["X-Page-Cache"] == "miss" and "A second comment." in main_text(again)


def test_new_members_comment_waits_and_only_they_see_it(client, consultation, parent, member):
    sign_in(client, parent)
    response = client.post(comment_url("consultation", consultation.pk), {"body": "My first comment."}, follow=True)
    post = Post.objects.get(body="My first comment.")
    assert post.state == PostState.PENDING
    assert "Waiting for a moderator" in soup(response).find(id=f"post-{post.pk}").get_text()
    other = Client()
    sign_in(other, member)
    assert "My first comment." not in main_text(other.get(consultation.url))
    assert "My first comment." not in main_text(Client().get(consultation.url))


def test_member_comments_on_a_recommendation(client, recommendation, member):
    sign_in(client, member)
    response = client.post(comment_url("recommendation", recommendation.pk), {"body": "Please publish it monthly."})
    post = Post.objects.get(body="Please publish it monthly.")
    assert response.status_code == 302 and post.thread.target == recommendation
    assert response["Location"] == f"{recommendation.get_absolute_url()}#post-{post.pk}"


@pytest.mark.parametrize("key, pk", [("topic", 1), ("user", 1), ("consultation", 999999), ("recommendation", 999999)])
def test_tampered_comment_targets_are_404(client, member, consultation, key, pk):
    sign_in(client, member)
    assert client.post(comment_url(key, pk), {"body": "Tampered."}).status_code == 404
    assert not Post.objects.filter(body="Tampered.").exists()


def test_comment_on_a_topic_thread_id_as_a_consultation_is_404(client, member, topic):
    sign_in(client, member)
    # A forum board's page id is not a consultation: the whitelist maps the key to one model.
    assert client.post(comment_url("consultation", topic.board.pk), {"body": "Tampered."}).status_code == 404


def test_comment_on_an_unpublished_consultation_is_404(client, member, consultation):
    consultation.unpublish()
    sign_in(client, member)
    assert client.post(comment_url("consultation", consultation.pk), {"body": "Hidden."}).status_code == 404


@pytest.mark.parametrize(
    "body, message",
    [("", "Write something before you post."), ("z" * 20_001, "Posts can be at most 20,000 characters")],
)
def test_bad_comment_redisplays_with_the_text(client, member, consultation, body, message):
    sign_in(client, member)
    response = client.post(comment_url("consultation", consultation.pk), {"body": body})
    page = soup(response)
    assert response.status_code == 200 and message in page.find(class_="govuk-error-summary").get_text()
    assert page.find("textarea", {"name": "body"}).get_text().strip() == body
    assert not Post.objects.exists() or not Post.objects.filter(thread__object_id=consultation.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_comment_by_role(client, as_role, consultation, role):
    user = as_role(role)
    response = client.post(comment_url("consultation", consultation.pk), {"body": f"Comment as {role}."})
    saved = Post.objects.filter(body=f"Comment as {role}.")
    if role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"] and not saved.exists()
    elif role == "unverified_parent":
        assert not saved.exists()
    else:
        assert saved.get().author == user


def test_comment_get_is_not_allowed(client, member, consultation):
    sign_in(client, member)
    assert client.get(comment_url("consultation", consultation.pk)).status_code == 405


def test_comment_csrf_is_enforced(member, consultation):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, member)
    assert client.post(comment_url("consultation", consultation.pk), {"body": "No token."}).status_code == 403
    assert not Post.objects.filter(body="No token.").exists()


def test_comment_in_locked_thread_is_refused(client, member, consultation, organiser):
    thread = services.thread_for(consultation)
    services.thread_settings_set(
        thread=thread, moderator=organiser, locked=True, premoderated=False, slow_mode_seconds=0
    )
    sign_in(client, member)
    assert "Comments are closed here." in main_text(client.get(consultation.url))
    response = client.post(comment_url("consultation", consultation.pk), {"body": "Let me in."})
    assert "locked" in soup(response).find(class_="govuk-error-summary").get_text()
    assert not Post.objects.filter(body="Let me in.").exists()


def test_comment_over_the_rate_limit_is_429(client, member, consultation, settings):
    settings.MODERATION_RATE_LIMIT_POSTS = 1
    sign_in(client, member)
    client.post(comment_url("consultation", consultation.pk), {"body": "One."})
    response = client.post(comment_url("consultation", consultation.pk), {"body": "Two."})
    assert response.status_code == 429 and Post.objects.get(body="Two.").state == PostState.PENDING


def test_suspended_member_comment_is_refused_with_the_reason(client, member, consultation, organiser):
    services.member_suspend(user=member, moderator=organiser, days=2, reason="Cooling off.")
    sign_in(client, member)
    response = client.post(comment_url("consultation", consultation.pk), {"body": "Still here."})
    summary = soup(response).find(class_="govuk-error-summary").get_text()
    assert "suspended" in summary and "Cooling off." in summary
    assert not Post.objects.filter(body="Still here.").exists()
    assert services.thread_for(consultation, create=False) is None  # a refused comment leaves nothing behind
