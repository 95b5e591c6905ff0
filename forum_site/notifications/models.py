"""Follows (a member follows a topic, a board, a consultation, a recommendation or a review) and the
items waiting for a member's daily digest. What may be followed is settings.FOLLOWABLE_MODELS."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Email me each time"
    DAILY = "daily", "One email a day (daily digest)"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="follow_unique_per_member"),
            models.CheckConstraint(condition=models.Q(frequency__in=Frequency.values), name="follow_frequency_valid"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.content_type_id}:{self.object_id} ({self.frequency})"


class DigestItem(models.Model):
    """One notification waiting for a daily follower's digest (plain text; deleted once sent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_items")
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, null=True, blank=True, related_name="digest_items")
    subject = models.CharField(max_length=255)
    text = models.TextField()
    url = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "created_at"], name="digestitem_user_created_idx")]

    def __str__(self) -> str:
        return self.subject


class Preferences(models.Model):
    """A member's email settings. A member with no row has the defaults (selectors.preferences_for)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_preferences"
    )
    follow_started = models.BooleanField(
        "Follow topics I start",
        default=True,
        help_text="We email you when someone replies to a topic you started. You can stop following any topic later.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "notification preferences"
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"
