"""Writes for follows and the ONE way to notify followers: `followers_notify`.

Call it from anything that changes a followed thing (a reply in a topic, a consultation's outcome, a
recommendation's update or sign-off). It queues one background task; the worker emails each follower
who asked for every change and stores a digest item for those who asked for a daily email.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from forum_site.accounts.permissions import can_act_as_member
from forum_site.core.tasks import email_enqueue

from . import selectors
from .models import DigestItem, Follow, Frequency, Preferences

ONE_CLICK = "List-Unsubscribe=One-Click"


class FollowRefused(Exception):
    """The follow cannot be made; the message is shown to the member as it is."""


def follow_set(*, user, target: models.Model, frequency: str = Frequency.IMMEDIATE) -> Follow:
    """Follow `target` (or change how often): idempotent, verified members only, listed types only."""
    if not can_act_as_member(user):
        raise FollowRefused("Verify your email address to follow things on the forum.")
    if frequency not in Frequency.values:
        raise FollowRefused("Choose how often you want emails.")
    if not selectors.is_followable(target):
        raise FollowRefused("This cannot be followed.")
    follow, _ = Follow.objects.update_or_create(
        user=user,
        content_type=selectors.content_type_for(target),
        object_id=target.pk,
        defaults={"frequency": frequency},
    )
    return follow


def follow_started(*, user, target: models.Model) -> Follow | None:
    """A member started `target` (a forum topic): follow it for them, unless their setting "Follow topics
    I start" is off or they already follow it (then how often they chose is kept). None when not followed."""
    if not selectors.is_followable(target) or not can_act_as_member(user):
        return None
    if not selectors.preferences_for(user).follow_started:
        return None
    follow, _ = Follow.objects.get_or_create(
        user=user,
        content_type=selectors.content_type_for(target),
        object_id=target.pk,
        defaults={"frequency": Frequency.IMMEDIATE},
    )
    return follow


def preferences_set(*, user, follow_started: bool) -> Preferences:
    """Save a member's email settings (verified members only)."""
    if not can_act_as_member(user):
        raise FollowRefused("Verify your email address to change your email settings.")
    preferences, _ = Preferences.objects.update_or_create(user=user, defaults={"follow_started": bool(follow_started)})
    return preferences


def follow_remove(*, user, target: models.Model) -> bool:
    """Stop following; True if there was a follow to remove."""
    if not user.is_authenticated:
        return False
    model = selectors.target_model(target)
    deleted, _ = Follow.objects.filter(
        user=user,
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=target.pk,
    ).delete()
    return deleted > 0


def follow_remove_by_token(*, token: str) -> Follow | None:
    """The unsubscribe link: remove the follow it names and return it (its target still readable),
    or None if it had already gone. Raises selectors.BadToken for a forged or damaged token."""
    follow = selectors.follow_from_token(token=token)
    if follow is None:
        return None
    follow.target  # noqa: B018 - load the followed thing for the confirmation before the row goes
    Follow.objects.filter(pk=follow.pk).delete()
    return follow


def follows_remove_all_by_token(*, token: str) -> int:
    """ "Stop all emails" from the digest: remove every follow and pending digest item of the member."""
    user_id = selectors.user_id_from_all_token(token=token)
    with transaction.atomic():
        DigestItem.objects.filter(user_id=user_id).delete()
        _, per_model = Follow.objects.filter(user_id=user_id).delete()
    return per_model.get(Follow._meta.label, 0)


def followers_notify(*, target: models.Model, subject: str, message: str, url: str, exclude_user=None) -> None:
    """Tell everyone following `target` about a change, after the current transaction commits.

    subject and message are plain text (never HTML); url is the change's link, site-relative ("/...")
    or absolute; exclude_user is the member who made the change (they are not told about it).
    """
    from .tasks import followers_email

    content_type_id = selectors.content_type_for(target).pk
    kwargs = {
        "content_type_id": content_type_id,
        "object_id": target.pk,
        "subject": " ".join(str(subject).split())[:200],
        "message": str(message),
        "url": selectors.absolute_url(str(url))[:2000],
        "exclude_user_id": getattr(exclude_user, "pk", None),
    }
    transaction.on_commit(lambda: followers_email.enqueue(**kwargs))


def followers_email_send(
    *, content_type_id: int, object_id: int, subject: str, message: str, url: str, exclude_user_id: int | None = None
) -> int:
    """The task's work: one email to each immediate follower, a digest item for each daily follower.
    Returns how many emails were queued. Followers are read in one query, however many there are."""
    digest_items = []
    sent = 0
    title = None
    for follow in selectors.followers_for(
        content_type_id=content_type_id, object_id=object_id, exclude_user_id=exclude_user_id
    ):
        if follow.frequency == Frequency.DAILY:
            digest_items.append(DigestItem(user=follow.user, follow=follow, subject=subject, text=message, url=url))
            continue
        if title is None:
            title = selectors.follow_title(follow)
        unsubscribe = selectors.unsubscribe_url(follow)
        body = render_to_string(
            "notifications/email/notification.txt",
            {
                "user": follow.user,
                "title": title,
                "message": message,
                "url": url,
                "unsubscribe_url": unsubscribe,
                "follows_url": selectors.absolute_url(reverse("notifications:follow-list")),
            },
        )
        email_enqueue(
            EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [follow.user.email]),
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": ONE_CLICK},
        )
        sent += 1
    DigestItem.objects.bulk_create(digest_items)
    return sent


def digests_send(*, now=None) -> int:
    """Send one digest email to each member with waiting items (created up to `now`) and delete those
    items in the same transaction. Running it twice sends nothing the second time. Returns emails sent."""
    now = now or timezone.now()
    User = get_user_model()
    # Items of members who can no longer be emailed are dropped, not kept for ever.
    DigestItem.objects.filter(created_at__lte=now, user__is_active=False).delete()
    sent = 0
    for user in User.objects.filter(pk__in=DigestItem.objects.filter(created_at__lte=now).values("user_id")).order_by(
        "pk"
    ):
        with transaction.atomic():
            items = list(
                DigestItem.objects.select_for_update(skip_locked=True)
                .filter(user=user, created_at__lte=now)
                .order_by("created_at", "id")
            )
            if not items:
                continue  # another run took them
            unsubscribe_all = selectors.unsubscribe_all_url(user)
            body = render_to_string(
                "notifications/email/digest.txt",
                {
                    "user": user,
                    "items": [(item, _item_unsubscribe_url(item)) for item in items],
                    "unsubscribe_all_url": unsubscribe_all,
                    "follows_url": selectors.absolute_url(reverse("notifications:follow-list")),
                },
            )
            subject = f"Your daily update: {len(items)} new {'notification' if len(items) == 1 else 'notifications'}"
            email_enqueue(
                EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]),
                headers={"List-Unsubscribe": f"<{unsubscribe_all}>", "List-Unsubscribe-Post": ONE_CLICK},
            )
            DigestItem.objects.filter(pk__in=[item.pk for item in items]).delete()
            sent += 1
    return sent


def _item_unsubscribe_url(item: DigestItem) -> str:
    if item.follow_id is None:
        return ""
    return selectors.unsubscribe_url(Follow(pk=item.follow_id, user_id=item.user_id))


def post_followers_notify(*, post, targets, url: str) -> None:
    """A post was published: tell the followers of each (followed object, subject) in `targets`, with
    the post's opening words; its author is not told. Called by the apps that own moderated threads."""
    from forum_site.core.sanitize import plain_excerpt

    message = plain_excerpt(post.body, 400)
    for target, subject in targets:
        followers_notify(target=target, subject=subject, message=message, url=url, exclude_user=post.author)
