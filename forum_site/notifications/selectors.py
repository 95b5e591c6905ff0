"""Reads for follows: what may be followed, a followed thing's title and link, a member's follows,
followers of a thing, and the signed unsubscribe tokens carried by every email."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from wagtail.models import Page

from .models import Follow, Preferences

UNSUBSCRIBE_SALT = "forum_site.notifications.unsubscribe"
UNSUBSCRIBE_ALL_SALT = "forum_site.notifications.unsubscribe-all"


class BadToken(Exception):
    """An unsubscribe link that was not made by this site (tampered, truncated or for another purpose)."""


# What may be followed -------------------------------------------------------------------------------


def followable_labels() -> list[str]:
    return [label.lower() for label in settings.FOLLOWABLE_MODELS]


def followable_model(label: str) -> type[models.Model] | None:
    """The model for "app_label.modelname" if it is listed in FOLLOWABLE_MODELS and exists, else None.

    Resolved on each call, so a listed app that is not installed yet (or a misspelt label) is simply
    not followable instead of breaking start-up.
    """
    label = (label or "").strip().lower()
    if label not in followable_labels():
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def target_model(target: models.Model) -> type[models.Model]:
    """The model a follow records: for a Wagtail page its specific type, even if given a plain Page."""
    if isinstance(target, Page):
        return target.specific_class or type(target)
    return type(target)


def target_label(target: models.Model) -> str:
    """ "app_label.modelname" of a followable object (a Wagtail page is its specific type)."""
    return target_model(target)._meta.label_lower


def is_followable(target: Any) -> bool:
    return (
        isinstance(target, models.Model)
        and target.pk is not None
        and followable_model(target_label(target)) is not None
    )


def followable_queryset(model: type[models.Model]) -> models.QuerySet:
    """What can be followed of a model: live pages; for other models everything, unless their default
    queryset has a `followable()` method (e.g. topics hidden by moderation), which is then applied."""
    queryset: Any = model._default_manager.all()
    if issubclass(model, Page):
        queryset = queryset.live()
    if hasattr(queryset, "followable"):
        queryset = queryset.followable()
    return queryset


def followable_get(*, label: str, object_id: int) -> models.Model | None:
    """The followable object, or None when its type is not followable or it does not exist (or is not live)."""
    model = followable_model(label)
    if model is None:
        return None
    return followable_queryset(model).filter(pk=object_id).first()


def target_url(target: models.Model | None, request=None) -> str:
    """Where a followed thing lives: Wagtail pages by get_url, other models by get_absolute_url ("" if none)."""
    if target is None:
        return ""
    if isinstance(target, Page):
        return target.get_url(request=request) or ""
    get_absolute_url = getattr(target, "get_absolute_url", None)
    return get_absolute_url() if get_absolute_url else ""


def absolute_url(url: str) -> str:
    """A link for an email: site-relative URLs get settings.SITE_URL in front."""
    if url.startswith("/"):
        return settings.SITE_URL.rstrip("/") + url
    return url


# The follow button ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowState:
    can_follow: bool  # a verified, active member
    frequency: str | None  # the member's current frequency, None when not following


def follow_state(*, user, target: models.Model, member: bool | None = None) -> FollowState:
    """For the follow button: ONE query for "is a verified member" and "follows this, how often".

    A page that has already asked whether the reader is a verified, active member passes `member`;
    then the query reads the follow alone (none at all for a non-member)."""
    if not user.is_authenticated or not user.is_active:
        return FollowState(can_follow=False, frequency=None)
    model = target_model(target)
    if member is not None:
        if not member:
            return FollowState(can_follow=False, frequency=None)
        frequencies = Follow.objects.filter(
            user_id=user.pk, content_type=ContentType.objects.get_for_model(model), object_id=target.pk
        ).values_list("frequency", flat=True)[:1]  # at most one (unique together); no ORDER BY to compile
        return FollowState(can_follow=True, frequency=next(iter(frequencies), None))
    rows = (
        get_user_model()  # not type(user): request.user is a lazy wrapper
        .objects.filter(pk=user.pk)
        .annotate(
            verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            following=Subquery(
                Follow.objects.filter(
                    user=OuterRef("pk"),
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                    object_id=target.pk,
                ).values("frequency")[:1]
            ),
        )
        .order_by()  # one row: no ORDER BY (users sort by name) to compile
        .values_list("verified", "following")
    )
    row = next(iter(rows), None)
    if row is None:
        return FollowState(can_follow=False, frequency=None)
    verified, following = row
    return FollowState(can_follow=bool(verified), frequency=following)


# A member's follows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowRow:
    follow: Follow
    label: str  # "app_label.modelname", as the follow form posts it
    title: str  # "" when the followed thing no longer exists
    url: str


def follows_for_member(*, user, request=None) -> list[FollowRow]:
    """The member's follows with their targets' titles and links: one query for the follows and one
    per followed type (GenericForeignKey prefetch), however many follows there are. A followed model
    whose default queryset has `for_follow_list()` (e.g. recommendations, whose title needs their
    review) has that queryset used for its prefetch."""
    from django.contrib.contenttypes.prefetch import GenericPrefetch

    follows = list(
        Follow.objects.filter(user=user)
        .select_related("content_type")
        .prefetch_related(GenericPrefetch("target", _follow_list_querysets()))
        .order_by("-created_at", "-id")
    )
    rows = []
    for follow in follows:
        target = follow.target
        rows.append(
            FollowRow(
                follow=follow,
                label=f"{follow.content_type.app_label}.{follow.content_type.model}",
                title=str(target) if target is not None else "",
                url=target_url(target, request=request),
            )
        )
    return rows


def _follow_list_querysets() -> list[models.QuerySet]:
    querysets = []
    for label in followable_labels():
        model = followable_model(label)
        queryset = model._default_manager.all() if model is not None else None
        if queryset is not None and hasattr(queryset, "for_follow_list"):
            querysets.append(queryset.for_follow_list())
    return querysets


def follows_export(*, user) -> list[dict[str, Any]]:
    """For "Download my data"."""
    return [
        {
            "type": row.label,
            "object_id": row.follow.object_id,
            "title": row.title,
            "url": absolute_url(row.url),
            "frequency": row.follow.frequency,
            "followed_at": row.follow.created_at.isoformat(),
        }
        for row in follows_for_member(user=user)
    ]


def followers_for(*, content_type_id: int, object_id: int, exclude_user_id: int | None = None) -> models.QuerySet:
    """Active followers of one thing, each with its user in the same query."""
    follows = Follow.objects.filter(content_type_id=content_type_id, object_id=object_id, user__is_active=True)
    if exclude_user_id is not None:
        follows = follows.exclude(user_id=exclude_user_id)
    return follows.select_related("user").order_by("id")


def content_type_for(target: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(target_model(target))


# A member's email settings ------------------------------------------------------------------------


def preferences_for(user) -> Preferences:
    """The member's settings: their saved row, or the defaults (unsaved) if they never changed them."""
    return Preferences.objects.filter(user_id=user.pk).first() or Preferences(user_id=user.pk)


def preferences_export(*, user) -> dict[str, Any]:
    """For "Download my data"."""
    preferences = preferences_for(user)
    return {"follow_topics_i_start": preferences.follow_started}


# Unsubscribe tokens ---------------------------------------------------------------------------------


def unsubscribe_token(follow: Follow) -> str:
    return signing.dumps({"f": follow.pk, "u": follow.user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(follow: Follow) -> str:
    """The absolute one-click unsubscribe link for one follow (in every notification email)."""
    return absolute_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(follow)]))


def unsubscribe_all_url(user) -> str:
    """The absolute link that stops every follow of a member (in the digest email)."""
    token = signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_ALL_SALT, compress=True)
    return absolute_url(reverse("notifications:unsubscribe-all", args=[token]))


def _load(token: str, salt: str) -> dict:
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature as error:
        raise BadToken from error
    if not isinstance(data, dict):
        raise BadToken
    return data


def follow_from_token(*, token: str) -> Follow | None:
    """The follow an unsubscribe token names, None if it has already been removed. BadToken if forged."""
    data = _load(token, UNSUBSCRIBE_SALT)
    follow_id, user_id = data.get("f"), data.get("u")
    if not isinstance(follow_id, int) or not isinstance(user_id, int):
        raise BadToken
    return Follow.objects.select_related("content_type").filter(pk=follow_id, user_id=user_id).first()


def user_id_from_all_token(*, token: str) -> int:
    data = _load(token, UNSUBSCRIBE_ALL_SALT)
    user_id = data.get("u")
    if not isinstance(user_id, int):
        raise BadToken
    return user_id


def follow_title(follow: Follow) -> str:
    target = follow.target
    return str(target) if target is not None else "something that has since been removed"


def follow_count_for_token(*, token: str) -> int:
    """How many follows an "unsubscribe from everything" token would stop. BadToken if forged."""
    return Follow.objects.filter(user_id=user_id_from_all_token(token=token)).count()
