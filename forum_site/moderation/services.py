"""Every write of moderated content: posting, editing, withdrawing, reporting, and each moderator action.

One flow for every kind of thread (forum topics, comments on consultations and recommendations, and
whatever else registers an owner in owners.py). Each state change goes through :func:`_move`, which
checks the state machine (models.TRANSITIONS), writes Wagtail's audit log (who, what, when, why) and
tells the author and reporters; the signals in signals.py let the owning app do the rest (counters,
followers, cached pages).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.log_actions import log

from forum_site.accounts.permissions import can_act_as_member
from forum_site.core.ratelimit import limit_exceeded
from forum_site.core.tasks import email_enqueue

from . import checks, owners, signals
from .models import (
    LOG_ACTIONS,
    POST_MAX_LENGTH,
    SAFEGUARDING_REASONS,
    TRANSITIONS,
    Flag,
    FlagOutcome,
    FlagReason,
    MemberSuspension,
    Post,
    PostRevision,
    PostState,
    Thread,
    WatchAction,
    WatchWord,
)


class ModerationError(Exception):
    """Refused: the message is shown to the person who tried."""


class PostRefused(ModerationError):
    pass


class RateLimited(PostRefused):
    """Slow mode: refused, and the view answers HTTP 429. (A post over the rate limit is saved and
    queued instead; views see it with selectors.post_rate_limited and answer 429 too.)"""


# Where a check's name (checks.Finding.check) becomes a queue reason.
CHECK_REASONS = {
    "email": FlagReason.EMAIL,
    "phone": FlagReason.PHONE,
    "postcode": FlagReason.POSTCODE,
    "nhs_number": FlagReason.NHS_NUMBER,
    "upn": FlagReason.UPN,
    "date_of_birth": FlagReason.DATE_OF_BIRTH,
    "watch_word": FlagReason.WATCH_WORD,
    "safeguarding": FlagReason.SAFEGUARDING_WORD,
    "link": FlagReason.LINK,
}

# What the author reads: "Your post is waiting for a moderator because it contains ...".
WAITING_EXPLANATIONS: dict[str, str] = {
    FlagReason.EMAIL: "it seems to contain an email address",
    FlagReason.PHONE: "it seems to contain a phone number",
    FlagReason.POSTCODE: "it seems to contain a full postcode",
    FlagReason.NHS_NUMBER: "it seems to contain an NHS number",
    FlagReason.UPN: "it seems to contain a unique pupil number",
    FlagReason.DATE_OF_BIRTH: "it seems to contain a date of birth",
    FlagReason.WATCH_WORD: "it contains a word our moderators look at first",
    FlagReason.SAFEGUARDING_WORD: "it mentions something our safeguarding lead will want to read",
    FlagReason.LINK: "it contains a link, and we check links from new members",
    FlagReason.RATE: "you have posted a lot in a short time",
    FlagReason.NEW_MEMBER: "we read a new member's first posts before they appear",
    FlagReason.PREMODERATED: "a moderator reads every post here before it appears",
}

# How much of a redacted post its author's email quotes ("Your post now reads: ...").
REDACTION_EMAIL_EXCERPT = 1000

REPORT_REASONS = [
    (FlagReason.REPORT_PERSONAL, "It contains personal information"),
    (FlagReason.REPORT_OFFENSIVE, "It is offensive"),
    (FlagReason.REPORT_OFF_TOPIC, "It is off-topic"),
    (FlagReason.REPORT_SPAM, "It is spam"),
    (FlagReason.REPORT_SAFEGUARDING, "Safeguarding concern: a child or adult may be at risk"),
    (FlagReason.REPORT_OTHER, "Something else"),
]


@dataclass(frozen=True)
class HeldReason:
    reason: str
    matched: str = ""
    holds: bool = True  # False for a flag-only watch word: published at once, and queued for a look


# --------------------------------------------------------------------------------------------------
# Small reads the writes need.
# --------------------------------------------------------------------------------------------------


def active_suspension(user) -> MemberSuspension | None:
    now = timezone.now()
    return (
        MemberSuspension.objects.filter(user=user, lifted_at__isnull=True, starts_at__lte=now, ends_at__gt=now)
        .order_by("-ends_at")
        .first()
    )


def member_is_new(user) -> bool:
    """A member with fewer published posts than MODERATION_NEW_MEMBER_POSTS."""
    limit = settings.MODERATION_NEW_MEMBER_POSTS
    if limit <= 0:
        return False
    published = Post.objects.filter(author=user, published_at__isnull=False).values("pk")[:limit]
    return len(published) < limit


def watch_rules() -> tuple[checks.WatchRule, ...]:
    return tuple(
        checks.WatchRule(term=w.term, action=w.action, safeguarding=w.safeguarding)
        for w in WatchWord.objects.order_by("term")
    )


def thread_for(target, *, create: bool = True, **defaults) -> Thread | None:
    """The thread of posts on `target` (a topic, a consultation page, a recommendation...)."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    if not create:
        return Thread.objects.filter(content_type=content_type, object_id=target.pk).first()
    thread, _ = Thread.objects.get_or_create(content_type=content_type, object_id=target.pk, defaults=defaults)
    return thread


def thread_policy_premoderated(thread: Thread) -> bool:
    """The thread's own switch, or its owner's rule (a pre-moderated board holds every topic on it)."""
    if thread.premoderated:
        return True
    owner = owners.owner_for_thread(thread)
    return owner is not None and owner.premoderated(thread, owners.target_of(thread))


# --------------------------------------------------------------------------------------------------
# Members: write, edit, withdraw, report.
# --------------------------------------------------------------------------------------------------


def _check_author(*, thread: Thread, author) -> None:
    if not author.is_authenticated or not can_act_as_member(author):
        raise PostRefused("Verify your email address before you post.")
    suspension = active_suspension(author)
    if suspension is not None:
        until = timezone.localtime(suspension.ends_at).strftime("%-d %B %Y, %H:%M")
        raise PostRefused(f"Your account is suspended from posting until {until}. Reason: {suspension.reason}")
    if thread.locked:
        raise PostRefused("This conversation is locked: no new replies can be added.")


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise PostRefused("Write something before you post.")
    if len(body) > POST_MAX_LENGTH:
        raise PostRefused(f"Posts can be at most {POST_MAX_LENGTH:,} characters; yours has {len(body):,}.")
    return body


def _slow_mode_wait(*, thread: Thread, author) -> int:
    if not thread.slow_mode_seconds:
        return 0
    last = Post.objects.filter(thread=thread, author=author).aggregate(last=Max("created_at"))["last"]
    if last is None:
        return 0
    elapsed = (timezone.now() - last).total_seconds()
    return max(0, int(thread.slow_mode_seconds - elapsed))


def _held_reasons(*, thread: Thread, author, body: str) -> list[HeldReason]:
    """Why this post waits for a moderator (empty: publish at once). Raises PostRefused for a blocked word."""
    findings = checks.run_checks(body, rules=watch_rules(), new_member=member_is_new(author))
    blocked = [f for f in findings if f.check == "watch_word" and f.action == WatchAction.BLOCK and not f.safeguarding]
    if blocked:
        raise PostRefused(
            f'Your post uses "{blocked[0].matched}", which is not allowed here. Please reword it and post again.'
        )
    reasons = [
        HeldReason(CHECK_REASONS[f.check], f.matched, holds=f.safeguarding or f.action != WatchAction.FLAG)
        for f in findings
    ]
    if member_is_new(author):
        reasons.append(HeldReason(FlagReason.NEW_MEMBER))
    if thread_policy_premoderated(thread):
        reasons.append(HeldReason(FlagReason.PREMODERATED))
    return reasons


def post_submit(*, thread: Thread, author, body: str, is_opening: bool = False, title: str = "") -> Post:
    """A member writes a post in a thread: published at once, or held in the queue with its reasons.

    `title` (a new topic's title) goes through the same checks as the body.
    """
    _check_author(thread=thread, author=author)
    body = _clean_body(body)
    wait = _slow_mode_wait(thread=thread, author=author)
    if wait:
        raise RateLimited(f"This conversation is in slow mode: you can post again in {wait} seconds.")
    rate_exceeded = limit_exceeded(
        key=f"post:{author.pk}",
        limit=settings.MODERATION_RATE_LIMIT_POSTS,
        window_seconds=settings.MODERATION_RATE_LIMIT_WINDOW_SECONDS,
    )
    reasons = _held_reasons(thread=thread, author=author, body=f"{title}\n\n{body}" if title else body)
    if rate_exceeded:
        reasons.append(HeldReason(FlagReason.RATE))
    with transaction.atomic():
        post = Post.objects.create(thread=thread, author=author, body=body, is_opening=is_opening)
        hold = any(r.holds for r in reasons)
        _flags_add(post, reasons)
        if hold:
            _queue(post, safeguarding=any(r.reason in SAFEGUARDING_REASONS for r in reasons))
        else:
            _publish(post)
            if reasons:  # flag-only watch words: published, and in the queue for a look
                _queue(post, safeguarding=False)
        post.save()
        _log(post, "submit", author, data={"state": post.state, "reasons": [r.reason for r in reasons]})
        _after_change(post, new_post=True)
    return post


def post_waiting_reasons(post: Post) -> list[str]:
    """Friendly sentences for the author of a post that waits: "because it seems to contain a phone number"."""
    seen, sentences = set(), []
    for flag in post.flags.all():
        text = WAITING_EXPLANATIONS.get(flag.reason)
        if text and text not in seen and not flag.is_report and flag.outcome == FlagOutcome.OPEN:
            seen.add(text)
            sentences.append(text)
    return sentences


def post_edit(*, post: Post, editor, body: str) -> Post:
    """The author changes their post; the earlier wording is kept. The checks run again."""
    if post.author_id is None or editor.pk != post.author_id:
        raise ModerationError("You can only edit your own posts.")
    if post.state not in (PostState.PENDING, PostState.PUBLISHED):
        raise ModerationError("This post can no longer be edited.")
    body = _clean_body(body)
    _check_author(thread=post.thread, author=editor)
    if body == post.body:
        return post
    reasons = [
        r for r in _held_reasons(thread=post.thread, author=editor, body=body) if r.reason != FlagReason.NEW_MEMBER
    ]
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        PostRevision.objects.create(post=post, body=post.body, kind=PostRevision.Kind.EDIT, by=editor)
        post.body = body
        post.edited_at = timezone.now()
        check_reasons = [r for r in reasons if r.reason != FlagReason.PREMODERATED]
        if any(r.holds for r in check_reasons):
            _flags_add(post, check_reasons)
            if post.state == PostState.PUBLISHED:
                _transition(post, PostState.PENDING)
            _queue(post, safeguarding=any(r.reason in SAFEGUARDING_REASONS for r in check_reasons))
        post.save()
        _log(post, "edit", editor, data={"state": post.state})
        _after_change(post)
    return post


def post_withdraw(*, post: Post, user) -> Post:
    if post.author_id is None or user.pk != post.author_id:
        raise ModerationError("You can only withdraw your own posts.")
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        _move(post, PostState.WITHDRAWN, actor=user, action="withdraw", reason="")
    return post


def post_report(*, post: Post, reporter, reason: str, note: str = "") -> Flag:
    """A member reports a published post; several reports on one post make one queue item."""
    valid = {code for code, _ in REPORT_REASONS}
    if reason not in valid:
        raise ModerationError("Choose a reason for your report.")
    note = (note or "").strip()
    if len(note) > 1000:
        raise ModerationError("Keep your note to 1,000 characters.")
    if reason == FlagReason.REPORT_OTHER and not note:
        raise ModerationError("Tell us what is wrong in the note.")
    if not reporter.is_authenticated or not can_act_as_member(reporter):
        raise ModerationError("Verify your email address before you report a post.")
    if post.author_id == reporter.pk:
        raise ModerationError("You cannot report your own post; you can edit or withdraw it.")
    if post.state != PostState.PUBLISHED:
        raise ModerationError("This post is not published.")
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.flags.filter(reporter=reporter, outcome=FlagOutcome.OPEN).exists():
            raise ModerationError("You have already reported this post. A moderator will look at it.")
        flag = Flag.objects.create(post=post, reason=reason, matched=note, reporter=reporter)
        _queue(post, safeguarding=reason == FlagReason.REPORT_SAFEGUARDING)
        post.save()
        _log(post, "report", reporter, data={"reason": reason, "note": note})
        if reason == FlagReason.REPORT_SAFEGUARDING:
            _safeguarding_alert(post)
    return flag


# --------------------------------------------------------------------------------------------------
# Moderators: the queue's actions. Each one is logged with who, what, when and why.
# --------------------------------------------------------------------------------------------------


def _require_moderator(user) -> None:
    from .permissions import can_moderate

    if not can_moderate(user):
        raise ModerationError("Only forum organisers can moderate.")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Give a reason: the author is told it.")
    if len(reason) > 2000:
        raise ModerationError("Keep the reason to 2,000 characters.")
    return reason


def post_approve(*, post: Post, moderator, note: str = "") -> Post:
    """Pending: publish it. Published with reports: keep it and decline the reports."""
    _require_moderator(moderator)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.state == PostState.PENDING:
            _move(
                post, PostState.PUBLISHED, actor=moderator, action="approve", reason=note, outcome=FlagOutcome.DECLINED
            )
        elif post.state == PostState.PUBLISHED and post.needs_review:
            _resolve(post, moderator, FlagOutcome.DECLINED)
            post.save()
            _log(post, "dismiss", moderator, data={"reason": note})
            _after_change(post)
        else:
            raise ModerationError("This post is not waiting for approval.")
    return post


def post_reject(*, post: Post, moderator, reason: str) -> Post:
    _require_moderator(moderator)
    reason = _require_reason(reason)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        _move(post, PostState.REJECTED, actor=moderator, action="reject", reason=reason, outcome=FlagOutcome.UPHELD)
    return post


def post_hide(*, post: Post, moderator, reason: str) -> Post:
    _require_moderator(moderator)
    reason = _require_reason(reason)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        _move(post, PostState.HIDDEN, actor=moderator, action="hide", reason=reason, outcome=FlagOutcome.UPHELD)
    return post


def post_restore(*, post: Post, moderator, reason: str) -> Post:
    _require_moderator(moderator)
    reason = _require_reason(reason)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.state != PostState.HIDDEN:
            raise ModerationError("Only a hidden post can be restored.")
        _move(post, PostState.PUBLISHED, actor=moderator, action="restore", reason=reason)
    return post


def post_redact(*, post: Post, moderator, body: str, reason: str, publish: bool = False) -> Post:
    """Edit out personal details; `publish` also publishes a post that waits (ignored for any other).
    The original stays in the post's history, shown only to organisers. The author is told, in one
    email, that a moderator changed their post, why, and how it now reads."""
    _require_moderator(moderator)
    reason = _require_reason(reason)
    body = _clean_body(body)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.state in (PostState.WITHDRAWN, PostState.REJECTED):
            raise ModerationError("This post is not shown; there is nothing to redact.")
        if body == post.body:
            raise ModerationError("The text is unchanged: edit out the details before saving.")
        PostRevision.objects.create(post=post, body=post.body, kind=PostRevision.Kind.REDACTION, by=moderator)
        post.body = body
        post.redacted = True
        post.save()
        _log(post, "redact", moderator, data={"reason": reason})
        published = publish and post.state == PostState.PENDING
        if published:
            # The checks were right and the moderator acted on them: the flags are upheld.
            _move(
                post,
                PostState.PUBLISHED,
                actor=moderator,
                action="approve",
                reason=reason,
                outcome=FlagOutcome.UPHELD,
                tell_author=False,
            )
        else:
            _after_change(post)
        if post.author is not None:
            _tell_author(post, redaction_reason=reason, published=published)
    return post


def member_suspend(*, user, moderator, days: int, reason: str) -> MemberSuspension:
    _require_moderator(moderator)
    reason = _require_reason(reason)
    if not isinstance(days, int) or not 1 <= days <= 3650:
        raise ModerationError("A suspension lasts between 1 and 3,650 days.")
    if user.is_superuser or user.pk == moderator.pk:
        raise ModerationError("This account cannot be suspended here.")
    now = timezone.now()
    with transaction.atomic():
        suspension = MemberSuspension.objects.create(
            user=user, starts_at=now, ends_at=now + datetime.timedelta(days=days), reason=reason, created_by=moderator
        )
        log(
            instance=suspension,
            action=LOG_ACTIONS["suspend"][0],
            user=moderator,
            data={"days": days, "reason": reason, "member": user.pk},
        )
    return suspension


def spam_account_remove(*, user, moderator, reason: str) -> int:
    """Bulk action against a spam account: reject what waits, hide what is published, suspend for a year."""
    _require_moderator(moderator)
    reason = _require_reason(reason)
    changed = 0
    with transaction.atomic():
        for post in Post.objects.select_for_update().filter(
            author=user, state__in=[PostState.PENDING, PostState.PUBLISHED]
        ):
            target = PostState.REJECTED if post.state == PostState.PENDING else PostState.HIDDEN
            _move(
                post,
                target,
                actor=moderator,
                action="reject" if target == PostState.REJECTED else "hide",
                reason=reason,
                outcome=FlagOutcome.UPHELD,
                tell_author=False,
            )
            changed += 1
        member_suspend(user=user, moderator=moderator, days=365, reason=reason)
    return changed


def thread_settings_set(
    *, thread: Thread, moderator, locked: bool, premoderated: bool, slow_mode_seconds: int
) -> Thread:
    _require_moderator(moderator)
    if not isinstance(slow_mode_seconds, int) or not 0 <= slow_mode_seconds <= 86400:
        raise ModerationError("Slow mode is between 0 seconds (off) and 86,400 (one post a day).")
    with transaction.atomic():
        thread.locked, thread.premoderated, thread.slow_mode_seconds = locked, premoderated, slow_mode_seconds
        thread.save(update_fields=["locked", "premoderated", "slow_mode_seconds"])
        log(
            instance=thread,
            action=LOG_ACTIONS["thread"][0],
            user=moderator,
            data={"locked": locked, "premoderated": premoderated, "slow_mode_seconds": slow_mode_seconds},
        )
        signals.thread_changed.send(sender=owners.owner_for_thread(thread), thread=thread)
    return thread


def queue_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Email the organisers about queue items that have waited MODERATION_REMINDER_HOURS (once each)."""
    from forum_site.accounts import roles
    from forum_site.accounts.models import User

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.MODERATION_REMINDER_HOURS)
    waiting = list(Post.objects.in_queue().filter(queued_at__lte=cutoff, reminder_sent_at__isnull=True).queue_order())
    if not waiting:
        return 0
    recipients = list(
        User.objects.filter(Q(groups__name=roles.ORGANISERS) | Q(is_superuser=True), is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        body = render_to_string(
            "moderation/email/queue_reminder.txt",
            {"count": len(waiting), "hours": settings.MODERATION_REMINDER_HOURS, "queue_url": _queue_url()},
        )
        subject = f"{len(waiting)} item{'s' if len(waiting) != 1 else ''} waiting in the moderation queue"
        email_enqueue(EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
    Post.objects.filter(pk__in=[p.pk for p in waiting]).update(reminder_sent_at=now)
    return len(waiting)


# --------------------------------------------------------------------------------------------------
# The one place a state changes.
# --------------------------------------------------------------------------------------------------


def _transition(post: Post, target: str) -> None:
    if target not in TRANSITIONS[post.state]:
        raise ModerationError(
            f"A post that is {post.get_state_display().lower()} cannot become {PostState(target).label.lower()}."
        )
    post.state = target


def _move(
    post: Post, target: str, *, actor, action: str, reason: str, outcome: str = "", tell_author: bool = True
) -> None:
    from_state = post.state
    _transition(post, target)
    if target == PostState.PUBLISHED:
        _publish(post)
        post.state_reason = ""
    elif target in (PostState.REJECTED, PostState.HIDDEN):
        post.state_reason = reason
    if outcome or target == PostState.WITHDRAWN:
        _resolve(post, actor, outcome or FlagOutcome.CLOSED)
    post.save()
    _log(post, action, actor, data={"from": from_state, "to": target, "reason": reason})
    _after_change(post, from_state=from_state, tell_author=tell_author and action != "withdraw")


def _publish(post: Post) -> None:
    post.state = PostState.PUBLISHED
    if post.published_at is None:
        post.published_at = timezone.now()


def _queue(post: Post, *, safeguarding: bool) -> None:
    if not post.needs_review:
        post.needs_review = True
        post.queued_at = timezone.now()
        post.reminder_sent_at = None
    post.safeguarding = post.safeguarding or safeguarding


def _flags_add(post: Post, reasons: list[HeldReason]) -> None:
    Flag.objects.bulk_create([Flag(post=post, reason=r.reason, matched=r.matched[:2000]) for r in reasons])
    if any(r.reason in SAFEGUARDING_REASONS for r in reasons):
        _safeguarding_alert(post)


def _resolve(post: Post, moderator, outcome: str) -> list[Flag]:
    """Close the queue item: every open flag gets the outcome; reporters are told it."""
    now = timezone.now()
    open_flags = list(post.flags.filter(outcome=FlagOutcome.OPEN).select_related("reporter"))
    Flag.objects.filter(pk__in=[f.pk for f in open_flags]).update(
        outcome=outcome, resolved_at=now, resolved_by=moderator
    )
    post.needs_review = False
    post.safeguarding = False
    reporters = {f.reporter for f in open_flags if f.reporter is not None}
    if reporters:
        _tell_reporters(post, reporters, outcome)
    return open_flags


def _log(post: Post, action: str, user, *, data: dict) -> None:
    log(instance=post, action=LOG_ACTIONS[action][0], user=user, data=data)


# --------------------------------------------------------------------------------------------------
# After a change: the signals, and the emails to the people concerned.
# --------------------------------------------------------------------------------------------------


def _after_change(
    post: Post, *, from_state: str | None = None, new_post: bool = False, tell_author: bool = True
) -> None:
    owner = owners.owner_for_thread(post.thread)
    signals.post_state_changed.send(
        sender=owner,
        post=post,
        old_state=None if new_post else (from_state or post.state),
        new_state=post.state,
        new_post=new_post,
    )
    if not tell_author or post.author is None:
        pass
    elif not new_post and from_state is not None and from_state != post.state:
        _tell_author(post)
    if post.state == PostState.PUBLISHED and (new_post or from_state in (PostState.PENDING,)):
        signals.post_published.send(sender=owner, post=post, url=_post_url(post))


def _post_url(post: Post, user=None) -> str:
    """The post's full address for an email, on the page of its thread where `user` (None: anyone) sees it."""
    from .selectors import post_location

    return settings.SITE_URL + post_location(post, user)


def _queue_url() -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("moderation_queue:index")


def _tell_author(post: Post, *, redaction_reason: str = "", published: bool = False) -> None:
    """The outcome email. After a redaction it says that a moderator changed the post, why, and how it
    now reads (never the words taken out), whatever state the post is in."""
    from forum_site.core.sanitize import plain_excerpt

    context = {
        "post": post,
        "url": _post_url(post, post.author),
        "redaction_reason": redaction_reason,
        "published": published,
    }
    subject: str | None
    if redaction_reason:
        context["now_reads"] = plain_excerpt(post.body, REDACTION_EMAIL_EXCERPT)
        subject = (
            "Your post is published, with a change by a moderator" if published else "A moderator changed your post"
        )
    else:
        subjects: dict[str, str] = {
            PostState.PUBLISHED: "Your post is published",
            PostState.REJECTED: "Your post was not published",
            PostState.HIDDEN: "Your post has been hidden",
        }
        subject = subjects.get(post.state)
    body = render_to_string("moderation/email/outcome_author.txt", context)
    author = post.author
    if subject and author is not None and author.email:
        email_enqueue(EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [author.email]))


def _tell_reporters(post: Post, reporters: set, outcome: str) -> None:
    for reporter in reporters:
        if not reporter.email or not reporter.is_active:
            continue
        body = render_to_string(
            "moderation/email/outcome_reporter.txt", {"post": post, "outcome": outcome, "reporter": reporter}
        )
        email_enqueue(
            EmailMultiAlternatives("Thank you for your report", body, settings.DEFAULT_FROM_EMAIL, [reporter.email])
        )


def _safeguarding_alert(post: Post) -> None:
    contact = settings.SAFEGUARDING_CONTACT_EMAIL
    if not contact:
        return
    body = render_to_string(
        "moderation/email/safeguarding_alert.txt",
        {"post": post, "queue_url": _queue_url(), "flags": list(post.flags.filter(outcome=FlagOutcome.OPEN))},
    )
    email_enqueue(
        EmailMultiAlternatives(
            "Safeguarding: a post needs your attention now", body, settings.DEFAULT_FROM_EMAIL, [contact]
        )
    )
