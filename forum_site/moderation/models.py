"""One moderated content model for everything members write: forum topics and replies, comments on
consultations and on recommendations.

A *thread* is where posts are written (a forum topic, a consultation's comments, a recommendation's
comments); it carries the organisers' switches (locked, pre-moderated, slow mode). A *post* moves
through the states in ``TRANSITIONS``; services.py is the only code that changes a state, and every
change is written to Wagtail's audit log. A *flag* is one reason a post is in the moderation queue:
a check that matched before publishing, or a member's report. A post is in the queue while
``needs_review`` is set; resolving the item resolves all its open flags at once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

POST_MAX_LENGTH = 20_000


class PostState(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Not published"
    HIDDEN = "hidden", "Hidden by a moderator"
    WITHDRAWN = "withdrawn", "Withdrawn by the author"


# The state machine: every allowed move; services refuse anything else. Published -> pending happens
# only when the author's edit trips a check: the post goes back to the queue until a moderator looks.
TRANSITIONS: dict[str, frozenset[str]] = {
    PostState.PENDING: frozenset({PostState.PUBLISHED, PostState.REJECTED, PostState.WITHDRAWN}),
    PostState.PUBLISHED: frozenset({PostState.HIDDEN, PostState.WITHDRAWN, PostState.PENDING}),
    PostState.HIDDEN: frozenset({PostState.PUBLISHED, PostState.WITHDRAWN}),
    PostState.REJECTED: frozenset(),
    PostState.WITHDRAWN: frozenset(),
}


# Wagtail audit-log actions: every moderation write is logged with one of these (registered in wagtail_hooks.py).
LOG_ACTIONS = {
    "submit": ("moderation.submit", "Post submitted"),
    "edit": ("moderation.edit", "Post edited by its author"),
    "withdraw": ("moderation.withdraw", "Post withdrawn by its author"),
    "report": ("moderation.report", "Post reported"),
    "approve": ("moderation.approve", "Approved"),
    "reject": ("moderation.reject", "Rejected"),
    "hide": ("moderation.hide", "Hidden"),
    "restore": ("moderation.restore", "Restored"),
    "redact": ("moderation.redact", "Redacted"),
    "dismiss": ("moderation.dismiss", "Reports declined, post kept"),
    "suspend": ("moderation.suspend", "Member suspended"),
    "thread": ("moderation.thread", "Thread settings changed"),
}


class FlagReason(models.TextChoices):
    # Checks before publishing.
    EMAIL = "email", "Email address"
    PHONE = "phone", "Phone number"
    POSTCODE = "postcode", "Full postcode"
    NHS_NUMBER = "nhs_number", "NHS number"
    UPN = "upn", "Unique pupil number"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    WATCH_WORD = "watch_word", "Watch-list word"
    SAFEGUARDING_WORD = "safeguarding", "Safeguarding term"
    LINK = "link", "Link from a new member"
    RATE = "rate", "Posting faster than the limit"
    NEW_MEMBER = "new_member", "A new member's first posts"
    PREMODERATED = "premoderated", "Pre-moderated board, topic or comments"
    # Reports by members.
    REPORT_PERSONAL = "report_personal", "Report: personal information"
    REPORT_OFFENSIVE = "report_offensive", "Report: offensive"
    REPORT_OFF_TOPIC = "report_off_topic", "Report: off-topic"
    REPORT_SPAM = "report_spam", "Report: spam"
    REPORT_SAFEGUARDING = "report_safeguarding", "Report: safeguarding concern"
    REPORT_OTHER = "report_other", "Report: something else"


PERSONAL_DATA_REASONS = frozenset(
    {
        FlagReason.EMAIL,
        FlagReason.PHONE,
        FlagReason.POSTCODE,
        FlagReason.NHS_NUMBER,
        FlagReason.UPN,
        FlagReason.DATE_OF_BIRTH,
    }
)
SAFEGUARDING_REASONS = frozenset({FlagReason.SAFEGUARDING_WORD, FlagReason.REPORT_SAFEGUARDING})


class FlagOutcome(models.TextChoices):
    OPEN = "", "Open"
    UPHELD = "upheld", "Upheld"  # the moderator acted on it (rejected, hid or redacted)
    DECLINED = "declined", "Declined"  # nothing wrong found
    CLOSED = "closed", "Closed"  # the author withdrew the post first


class WatchAction(models.TextChoices):
    BLOCK = "block", "Block: refuse the post"
    APPROVE = "approve", "Require approval: hold for a moderator"
    FLAG = "flag", "Flag: publish, and add to the queue"


class Thread(models.Model):
    """Where posts are written: on a ``target`` (a forum topic, a consultation page, a recommendation...)
    whose app registered a moderation owner for it (owners.py)."""

    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    locked = models.BooleanField(default=False, help_text="No new posts.")
    premoderated = models.BooleanField(default=False, help_text="Every post waits for a moderator.")
    slow_mode_seconds = models.PositiveIntegerField(
        default=0, help_text="Minimum seconds between a member's posts here."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="thread_one_per_target")]

    def __str__(self) -> str:
        from .owners import owner_for_thread, target_of

        owner = owner_for_thread(self)
        target = target_of(self) if owner is not None else None
        return owner.title(target) if target is not None else f"thread {self.pk}"


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=PostState.PUBLISHED)

    def in_queue(self):
        return self.filter(needs_review=True)

    def queue_order(self):
        return self.order_by("-safeguarding", "queued_at", "pk")


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts")
    body = models.TextField(max_length=POST_MAX_LENGTH, help_text="What readers see (after any redaction).")
    state = models.CharField(max_length=10, choices=PostState.choices, default=PostState.PENDING)
    # Why a moderator rejected or hid it, shown to the author.
    state_reason = models.TextField(max_length=2000, blank=True)
    is_opening = models.BooleanField(default=False, help_text="The first post of a forum topic.")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    redacted = models.BooleanField(default=False)
    # The moderation queue.
    needs_review = models.BooleanField(default=False)
    queued_at = models.DateTimeField(null=True, blank=True)
    safeguarding = models.BooleanField(default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "state", "created_at"]),
            models.Index(fields=["author", "state"]),
            models.Index(fields=["needs_review", "safeguarding", "queued_at"], name="post_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(needs_review=True) | Q(queued_at__isnull=False), name="post_queued_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"


class PostRevision(models.Model):
    """Earlier wording of a post: kept on every edit and redaction (redacted originals: organisers only)."""

    class Kind(models.TextChoices):
        EDIT = "edit", "Edited by the author"
        REDACTION = "redaction", "Redacted by a moderator"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(max_length=POST_MAX_LENGTH)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["post", "created_at", "pk"]


class Flag(models.Model):
    """One reason a post is in the queue: a check that matched, or a member's report."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=24, choices=FlagReason.choices)
    matched = models.TextField(
        max_length=2000, blank=True, help_text="The text a check matched, or the reporter's note."
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=FlagOutcome.choices, blank=True, default=FlagOutcome.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["post", "created_at", "pk"]
        indexes = [models.Index(fields=["reporter", "outcome"]), models.Index(fields=["post", "outcome"])]
        constraints = [
            # A member reports a post once while the report is open.
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(outcome="", reporter__isnull=False),
                name="flag_one_open_report_per_member",
            ),
        ]

    @property
    def is_report(self) -> bool:
        return self.reason.startswith("report_")


class WatchWord(models.Model):
    """Organiser-managed watch list. Safeguarding terms go to the top of the queue and alert the
    designated safeguarding contact."""

    term = models.CharField(
        max_length=100,
        unique=True,
        help_text='A word or phrase, matched as a whole word and ignoring case. End with * to match a prefix ("idiot*").',
    )
    action = models.CharField(max_length=10, choices=WatchAction.choices, default=WatchAction.APPROVE)
    safeguarding = models.BooleanField(
        default=False,
        help_text="A safeguarding term: the post is held at the top of the queue and the safeguarding contact is emailed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = "watch-list word"

    def __str__(self) -> str:
        return self.term


class MemberSuspension(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    reason = models.TextField(max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="suspension_ends_after_start")
        ]
