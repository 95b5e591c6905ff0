"""follow_set / follow_remove, followers_notify (emails, digest items, the author left out), digests_send,
unsubscribe tokens, account export and deletion."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum_site.accounts.services import account_data_export, account_delete
from forum_site.notifications import selectors, services
from forum_site.notifications.models import DigestItem, Follow, Frequency

pytestmark = pytest.mark.django_db


def _notify(target, django_capture_on_commit_callbacks, **kwargs):
    defaults = {
        "subject": "New update on recommendation 9",
        "message": "The council has recruited two more educational psychologists.",
        "url": "/tracker/review-1/",
    }
    defaults.update(kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        services.followers_notify(target=target, **defaults)


# follow_set / follow_remove -------------------------------------------------------------------------


def test_follow_set_is_idempotent_and_changes_frequency(parent, consultation):
    first = services.follow_set(user=parent, target=consultation)
    again = services.follow_set(user=parent, target=consultation)
    assert first.pk == again.pk
    assert Follow.objects.filter(user=parent).count() == 1
    assert again.frequency == Frequency.IMMEDIATE
    daily = services.follow_set(user=parent, target=consultation, frequency=Frequency.DAILY)
    assert daily.pk == first.pk
    assert Follow.objects.get(pk=first.pk).frequency == Frequency.DAILY


def test_follow_set_stores_the_specific_type(parent, consultation, review, recommendation):
    for target in (consultation, review, recommendation):
        services.follow_set(user=parent, target=target)
    labels = sorted(f"{f.content_type.app_label}.{f.content_type.model}" for f in Follow.objects.filter(user=parent))
    assert labels == [
        "consultations.consultationpage",
        "recommendations.recommendation",
        "recommendations.scrutinyreviewpage",
    ]


def test_a_plain_wagtail_page_counts_as_its_specific_type(parent, consultation, django_capture_on_commit_callbacks):
    from wagtail.models import Page

    plain = Page.objects.get(pk=consultation.pk)
    assert type(plain) is Page
    follow = services.follow_set(user=parent, target=plain)
    assert follow.target == consultation
    assert services.follow_set(user=parent, target=consultation).pk == follow.pk
    _notify(plain, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert services.follow_remove(user=parent, target=plain) is True


def test_follow_remove(parent, consultation):
    services.follow_set(user=parent, target=consultation)
    assert services.follow_remove(user=parent, target=consultation) is True
    assert services.follow_remove(user=parent, target=consultation) is False
    assert not Follow.objects.exists()


def test_follow_refused_for_unverified_visitor_and_inactive(unverified_parent, parent, consultation):
    with pytest.raises(services.FollowRefused):
        services.follow_set(user=unverified_parent, target=consultation)
    with pytest.raises(services.FollowRefused):
        services.follow_set(user=AnonymousUser(), target=consultation)
    parent.is_active = False
    parent.save()
    with pytest.raises(services.FollowRefused):
        services.follow_set(user=parent, target=consultation)
    assert not Follow.objects.exists()


@pytest.mark.parametrize("frequency", ["", "weekly", "IMMEDIATE", "<script>"])
def test_follow_refused_for_bad_frequency(parent, consultation, frequency):
    with pytest.raises(services.FollowRefused):
        services.follow_set(user=parent, target=consultation, frequency=frequency)
    assert not Follow.objects.exists()


def test_follow_refused_for_unlisted_type(parent, organiser):
    with pytest.raises(services.FollowRefused):
        services.follow_set(user=parent, target=organiser)  # accounts.user is not followable
    assert not Follow.objects.exists()


def test_followable_model_tolerates_missing_and_unlisted_labels(settings):
    settings.FOLLOWABLE_MODELS = [*settings.FOLLOWABLE_MODELS, "nosuchapp.thing", "consultations.nosuchmodel"]
    assert selectors.followable_model("consultations.consultationpage").__name__ == "ConsultationPage"
    assert selectors.followable_model("CONSULTATIONS.ConsultationPage").__name__ == "ConsultationPage"
    assert selectors.followable_model("nosuchapp.thing") is None
    assert selectors.followable_model("consultations.nosuchmodel") is None
    assert selectors.followable_model("accounts.user") is None
    assert selectors.followable_model("") is None
    assert selectors.followable_model("no-dot") is None


# followers_notify -----------------------------------------------------------------------------------


def test_notify_emails_immediate_followers_skips_author_and_stores_digest_items(
    make_member, recommendation, django_capture_on_commit_callbacks
):
    author, alice, bob, daily = make_member(), make_member(), make_member(), make_member()
    for member in (author, alice, bob):
        services.follow_set(user=member, target=recommendation)
    daily_follow = services.follow_set(user=daily, target=recommendation, frequency=Frequency.DAILY)
    _notify(recommendation, django_capture_on_commit_callbacks, exclude_user=author)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    for message in mail.outbox:
        assert message.subject == "New update on recommendation 9"
        assert "two more educational psychologists" in message.body
        assert "http://127.0.0.1:8000/tracker/review-1/" in message.body
        assert str(recommendation) in message.body
        assert message.alternatives == []  # plain text only
    items = list(DigestItem.objects.all())
    assert [(i.user, i.follow, i.subject) for i in items] == [(daily, daily_follow, "New update on recommendation 9")]
    assert items[0].url == "http://127.0.0.1:8000/tracker/review-1/"


def test_notify_waits_for_the_transaction_to_commit(parent, recommendation, django_capture_on_commit_callbacks):
    services.follow_set(user=parent, target=recommendation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.followers_notify(target=recommendation, subject="S", message="M", url="/x/")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_notify_email_has_working_unsubscribe_link_and_headers(
    parent, recommendation, django_capture_on_commit_callbacks, client
):
    follow = services.follow_set(user=parent, target=recommendation)
    _notify(recommendation, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    link = selectors.unsubscribe_url(follow)
    assert link.startswith("http://127.0.0.1:8000/notifications/unsubscribe/")
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The headers reach the wire, and the link works.
    raw = message.message().as_string()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    path = link.removeprefix("http://127.0.0.1:8000")
    client.post(path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert not Follow.objects.exists()


def test_notify_skips_inactive_followers(make_member, recommendation, django_capture_on_commit_callbacks):
    active, gone = make_member(), make_member()
    services.follow_set(user=active, target=recommendation)
    services.follow_set(user=gone, target=recommendation, frequency=Frequency.DAILY)
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    _notify(recommendation, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[active.email]]
    assert not DigestItem.objects.exists()


def test_notify_only_reaches_followers_of_that_thing(
    make_member, make_recommendation, django_capture_on_commit_callbacks
):
    first, second = make_recommendation(), make_recommendation()
    a, b = make_member(), make_member()
    services.follow_set(user=a, target=first)
    services.follow_set(user=b, target=second)
    _notify(first, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[a.email]]


def test_notify_with_no_followers_sends_nothing(recommendation, django_capture_on_commit_callbacks):
    _notify(recommendation, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_notify_subject_cannot_inject_headers(parent, recommendation, django_capture_on_commit_callbacks):
    services.follow_set(user=parent, target=recommendation)
    _notify(recommendation, django_capture_on_commit_callbacks, subject="Update\r\nBcc: everyone@example.org")
    (message,) = mail.outbox
    assert message.subject == "Update Bcc: everyone@example.org"
    assert message.message()["Bcc"] is None
    assert message.recipients() == [parent.email]


def test_notify_message_is_plain_text_not_html(parent, recommendation, django_capture_on_commit_callbacks):
    services.follow_set(user=parent, target=recommendation)
    _notify(recommendation, django_capture_on_commit_callbacks, message='<script>alert("x")</script> & more')
    (message,) = mail.outbox
    assert '<script>alert("x")</script> & more' in message.body  # shown as typed, never rendered as HTML
    assert message.alternatives == []


def _count_task_queries(target):
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        services.followers_email_send(
            content_type_id=selectors.content_type_for(target).pk,
            object_id=target.pk,
            subject="S",
            message="M",
            url="/x/",
        )
    return len(queries), len(mail.outbox)


def test_notify_query_count_does_not_grow_with_followers(make_member, make_recommendation):
    few, many = make_recommendation(), make_recommendation()
    for n in range(3):
        services.follow_set(user=make_member(), target=few, frequency=Frequency.DAILY if n % 2 else Frequency.IMMEDIATE)
    for n in range(30):
        services.follow_set(
            user=make_member(), target=many, frequency=Frequency.DAILY if n % 2 else Frequency.IMMEDIATE
        )
    few_queries, few_sent = _count_task_queries(few)
    many_queries, many_sent = _count_task_queries(many)
    assert (few_sent, many_sent) == (2, 15)
    assert few_queries == many_queries
    assert DigestItem.objects.count() == 1 + 15


# digests_send ---------------------------------------------------------------------------------------


def test_digests_send_one_email_per_member_and_clears_items(
    make_member, make_recommendation, consultation, django_capture_on_commit_callbacks
):
    first, second = make_recommendation(), make_recommendation()
    alice, bob = make_member(), make_member()
    for target in (first, second, consultation):
        services.follow_set(user=alice, target=target, frequency=Frequency.DAILY)
    services.follow_set(user=bob, target=first, frequency=Frequency.DAILY)
    _notify(first, django_capture_on_commit_callbacks, subject="Update on the first")
    _notify(second, django_capture_on_commit_callbacks, subject="Update on the second")
    _notify(consultation, django_capture_on_commit_callbacks, subject="Consultation outcome")
    assert mail.outbox == []
    assert DigestItem.objects.count() == 4

    assert services.digests_send() == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {alice.email, bob.email}
    alice_mail = by_person[alice.email]
    assert alice_mail.subject == "Your daily update: 3 new notifications"
    for subject in ("Update on the first", "Update on the second", "Consultation outcome"):
        assert subject in alice_mail.body
    assert "Update on the second" not in by_person[bob.email].body
    assert by_person[bob.email].subject == "Your daily update: 1 new notification"
    assert not DigestItem.objects.exists()

    # Safe to run twice.
    mail.outbox.clear()
    assert services.digests_send() == 0
    assert mail.outbox == []


def test_digest_email_has_unsubscribe_all_link_and_headers(
    parent, recommendation, client, django_capture_on_commit_callbacks
):
    other = services.follow_set(user=parent, target=recommendation, frequency=Frequency.DAILY)
    _notify(recommendation, django_capture_on_commit_callbacks)
    services.digests_send()
    (message,) = mail.outbox
    all_link = selectors.unsubscribe_all_url(parent)
    assert all_link in message.body
    assert selectors.unsubscribe_url(other) in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{all_link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digests_send_leaves_items_newer_than_now(parent, recommendation, django_capture_on_commit_callbacks):
    follow = services.follow_set(user=parent, target=recommendation, frequency=Frequency.DAILY)
    DigestItem.objects.create(user=parent, follow=follow, subject="Old", text="t", url="")
    later = DigestItem.objects.create(user=parent, follow=follow, subject="Later", text="t", url="")
    DigestItem.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(hours=1))
    assert services.digests_send() == 1
    assert "Old" in mail.outbox[0].body and "Later" not in mail.outbox[0].body
    assert list(DigestItem.objects.values_list("subject", flat=True)) == ["Later"]


def test_digests_send_drops_items_of_inactive_members(parent, recommendation):
    follow = services.follow_set(user=parent, target=recommendation, frequency=Frequency.DAILY)
    DigestItem.objects.create(user=parent, follow=follow, subject="S", text="t", url="")
    type(parent).objects.filter(pk=parent.pk).update(is_active=False)
    assert services.digests_send() == 0
    assert mail.outbox == []
    assert not DigestItem.objects.exists()


def test_management_command_sends_digests(parent, recommendation):
    follow = services.follow_set(user=parent, target=recommendation, frequency=Frequency.DAILY)
    DigestItem.objects.create(user=parent, follow=follow, subject="S", text="t", url="")
    out = StringIO()
    call_command("send_notification_digests", stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest email."
    assert len(mail.outbox) == 1


# Tokens ---------------------------------------------------------------------------------------------


def test_token_round_trip_and_tampering(parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    token = selectors.unsubscribe_token(follow)
    assert selectors.follow_from_token(token=token) == follow
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:10], "", "not-a-token"):
        with pytest.raises(selectors.BadToken):
            selectors.follow_from_token(token=bad)
    # The same id signed for another purpose (the "stop everything" salt) is refused.
    other_salt = signing.dumps({"f": follow.pk, "u": parent.pk}, salt=selectors.UNSUBSCRIBE_ALL_SALT, compress=True)
    with pytest.raises(selectors.BadToken):
        selectors.follow_from_token(token=other_salt)


def test_token_for_someone_elses_follow_id_finds_nothing(parent, make_member, consultation):
    other = make_member()
    theirs = services.follow_set(user=other, target=consultation)
    forged = signing.dumps({"f": theirs.pk, "u": parent.pk}, salt=selectors.UNSUBSCRIBE_SALT, compress=True)
    assert selectors.follow_from_token(token=forged) is None


def test_follow_remove_by_token(parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    token = selectors.unsubscribe_token(follow)
    removed = services.follow_remove_by_token(token=token)
    assert removed is not None and str(removed.target) == consultation.title
    assert not Follow.objects.exists()
    assert services.follow_remove_by_token(token=token) is None


# Account export and deletion ------------------------------------------------------------------------


def test_data_export_includes_follows(parent, consultation, recommendation):
    services.follow_set(user=parent, target=consultation, frequency=Frequency.DAILY)
    services.follow_set(user=parent, target=recommendation)
    follows = account_data_export(user=parent)["follows"]
    assert sorted((f["type"], f["title"], f["frequency"]) for f in follows) == [
        ("consultations.consultationpage", consultation.title, "daily"),
        ("recommendations.recommendation", str(recommendation), "immediate"),
    ]
    page_row = next(f for f in follows if f["type"] == "consultations.consultationpage")
    assert page_row["url"].startswith("http") and page_row["url"].endswith(consultation.url)


def test_account_delete_removes_follows_and_digest_items(parent, make_member, consultation):
    follow = services.follow_set(user=parent, target=consultation, frequency=Frequency.DAILY)
    DigestItem.objects.create(user=parent, follow=follow, subject="S", text="t", url="")
    other = services.follow_set(user=make_member(), target=consultation)
    account_delete(user=parent)
    assert list(Follow.objects.all()) == [other]
    assert not DigestItem.objects.exists()


def test_unsubscribe_link_text_in_email_matches_pattern(parent, consultation, django_capture_on_commit_callbacks):
    services.follow_set(user=parent, target=consultation)
    _notify(consultation, django_capture_on_commit_callbacks)
    assert re.search(
        r"Stop emails about .+ \(one click\): http://\S+/notifications/unsubscribe/\S+/", mail.outbox[0].body
    )
