"""What moderation knows about the things posts are written on: nothing, until an app tells it.

Every thread has a *target* (a forum topic, a consultation page, a recommendation, ...). The app that
owns the target's model registers an :class:`Owner` in its ``AppConfig.ready()``; moderation asks the
owner for everything that depends on the kind of content (its title, the page-aware address of a post,
whether it is pre-moderated, its group in the queue's filter, what may be commented on) and sends the
signals in signals.py, to which the owning app's receivers react (counters, followers, caches).

Making something new commentable: ``owners.register(MyOwner())`` with ``comments = True`` and
``{% comments_for object %}`` on its page.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404


class Owner:
    """The default answers suit a model with ``get_url()`` (a Wagtail page) or ``get_absolute_url()``."""

    #: The short name in comment URLs (/posts/comment/<key>/<id>/) and queue filters.
    key: str = ""
    #: "app_label.ModelName" of the targets.
    model: str = ""
    #: Members may comment through the generic comment form and the ``comments_for`` tag.
    comments: bool = False
    #: The queue filter's heading for this owner's groups ("Board"), or "" for no groups.
    group_label: str = ""
    #: Relations read from each target when a list shows many (prefetched once per list).
    target_prefetch: tuple[str, ...] = ()
    #: The cache area (forum_site.core.cache.AREAS) that shows these posts.
    cache_area: str = "site"

    def model_class(self):
        return apps.get_model(self.model)

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model_class(), for_concrete_model=True)

    def commentable(self) -> QuerySet:
        """The targets the public may comment on (and see comments of)."""
        return self.model_class().objects.all()

    def title(self, target) -> str:
        return getattr(target, "title", None) or str(target)

    def kind(self, target) -> str:
        """What the target is, for staff screens: "Consultation", "Recommendation"."""
        return str(target._meta.verbose_name).capitalize()

    def where(self, target) -> tuple[str, str]:
        """(where, title) for a row of the moderation queue."""
        return self.kind(target), self.title(target)

    def url(self, target) -> str:
        """The target's public address ("" when it has none)."""
        if hasattr(target, "get_url"):
            return target.get_url() or ""
        if hasattr(target, "get_absolute_url"):
            return target.get_absolute_url()
        return ""

    def post_url(self, post, target, user=None) -> str:
        """Where `post` is shown to `user` (None: the public), with its anchor."""
        return f"{self.url(target) or '/'}#post-{post.pk}"

    def back_url(self, post, target, user) -> str:
        """Where to send a member after they acted on `post` (edited, withdrew or reported it)."""
        return self.post_url(post, target, user)

    def premoderated(self, thread, target) -> bool:
        """Every post waits for a moderator, beyond the thread's own switch (e.g. a pre-moderated board)."""
        return False

    def breadcrumbs(self, target) -> list[dict]:
        from forum_site.core.templatetags.core_tags import page_breadcrumbs

        if hasattr(target, "get_url"):  # a Wagtail page
            return page_breadcrumbs(target, include_self=True)
        return [{"title": "Home", "url": "/"}, {"title": self.title(target), "url": self.url(target) or "/"}]

    def groups(self) -> list[tuple[int, str]]:
        """(id, title) of each group, for the queue's filter."""
        return []

    def targets_in_group(self, group_id: int) -> QuerySet:
        """The targets (a queryset of pks will do) in one group."""
        return self.model_class().objects.none()

    def follow_targets(self, post, target) -> list[tuple[object, str]]:
        """Whose followers hear of a newly published post: (followed object, email subject)."""
        return [(target, f"New comment on {self.title(target)}")]

    def admin_links(self, target) -> list[tuple[str, str]]:
        """(label, URL) of the owning app's own staff screens for the target, shown beside thread settings."""
        return []


_owners: dict[str, Owner] = {}


def register(owner: Owner) -> Owner:
    if not owner.key or not owner.model:
        raise ValueError("An owner needs a key and a model.")
    if owner.key in _owners and _owners[owner.key] is not owner:
        raise ValueError(f"An owner with the key {owner.key!r} is already registered.")
    if any(o.model.lower() == owner.model.lower() and o.key != owner.key for o in _owners.values()):
        raise ValueError(f"{owner.model} already has an owner.")
    _owners[owner.key] = owner
    return owner


def unregister(key: str) -> None:
    _owners.pop(key, None)


def owners() -> list[Owner]:
    return list(_owners.values())


def owner_for_key(key: str) -> Owner | None:
    return _owners.get(key)


def owner_for_model(model) -> Owner | None:
    label = model._meta.concrete_model._meta.label_lower
    return next((o for o in _owners.values() if o.model.lower() == label), None)


def owner_for_thread(thread) -> Owner | None:
    if thread.content_type_id is None:
        return None
    model = ContentType.objects.get_for_id(thread.content_type_id).model_class()
    return owner_for_model(model) if model is not None else None


def target_of(thread):
    """The thread's target as its most specific model (a Wagtail page's own class)."""
    target = thread.target
    return target.specific if hasattr(target, "specific") and hasattr(target, "specific_class") else target


def comment_target(key: str, pk: int):
    """The object a comment URL names, or 404 for an unknown key or an object the public cannot see."""
    owner = owner_for_key(key)
    if owner is None or not owner.comments:
        raise Http404("Comments are not taken here")
    target = owner.commentable().filter(pk=pk).first()
    if target is None:
        raise Http404("Comments are not taken here")
    return target


def comment_key(target) -> str:
    """The URL key of an object that takes comments (raises for anything else: a template error to fix)."""
    owner = owner_for_model(type(target))
    if owner is None or not owner.comments:
        raise ValueError(f"{target._meta.label} does not take comments; register a moderation owner for it.")
    return owner.key
