"""The parent forum: boards (Wagtail pages managed by organisers) and topics written by members.

A topic's words live in moderation.Post rows in the topic's moderation.Thread: the opening post and
the replies, all moderated through forum_site/moderation/. Views are routes on the board pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.models import Page
from wagtail.search import index

from forum_site.core.cache import AnonymousCacheMixin
from forum_site.moderation.models import Thread

TOPIC_TITLE_MAX_LENGTH = 150


class BoardIndexPage(AnonymousCacheMixin, RoutablePageMixin, Page):
    """The forum's front page: every board, and search across topics."""

    intro = models.TextField(max_length=600, blank=True, help_text="A sentence or two above the boards.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["discussions.BoardPage"]
    max_count = 1

    class Meta:
        verbose_name = "forum"

    cache_areas = ("forum",)

    def anonymous_cache_seconds(self, request) -> int:
        return 60

    # Routes: views.py does the work (thin views calling services and selectors).
    @route("", name="board-list")
    def board_list(self, request):
        from . import views

        return views.board_list(request, self)

    @route("search/", name="topic-search")
    def topic_search(self, request):
        from . import views

        return views.topic_search(request, self)


class BoardPage(AnonymousCacheMixin, RoutablePageMixin, Page):
    """A forum board, e.g. "EHC plans" or "SEMH and autism"."""

    description = models.TextField(max_length=600, help_text="What this board is for, in a sentence or two.")
    premoderated = models.BooleanField(
        default=False, help_text="Every new topic and reply on this board waits for a moderator before it appears."
    )

    content_panels = Page.content_panels + [FieldPanel("description"), FieldPanel("premoderated")]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["discussions.BoardIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "forum board"

    cache_areas = ("forum",)

    def anonymous_cache_seconds(self, request) -> int:
        return 60

    @route("", name="topic-list")
    def topic_list(self, request):
        from . import views

        return views.topic_list(request, self)

    @route("new/", name="topic-create")
    def topic_create(self, request):
        from . import views

        return views.topic_create(request, self)

    @route("topics/<int:topic_id>/", name="topic-detail")
    def topic_detail(self, request, topic_id: int):
        from . import views

        return views.topic_detail(request, self, topic_id)

    @route("topics/<int:topic_id>/reply/", name="post-create")
    def post_create(self, request, topic_id: int):
        from . import views

        return views.post_create(request, self, topic_id)


class TopicQuerySet(models.QuerySet):
    def visible(self):
        """Topics whose opening post is published."""
        from forum_site.moderation.models import PostState

        return self.filter(opening_post__state=PostState.PUBLISHED)

    def followable(self):
        """Members can follow a topic others can see (notifications.FOLLOWABLE_MODELS)."""
        return self.visible()


class Topic(models.Model):
    board = models.ForeignKey(BoardPage, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=TOPIC_TITLE_MAX_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="topics")
    thread = models.OneToOneField(Thread, on_delete=models.PROTECT, related_name="topic")
    opening_post = models.OneToOneField(
        "moderation.Post", null=True, on_delete=models.SET_NULL, related_name="opened_topic"
    )
    pinned = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by discussions/owners.py on moderation's signals: published replies and the time of the latest published post.
    reply_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["board", "-pinned", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """The topic and its thread point at each other: the topic holds the thread, and the thread's
        target is the topic (how moderation finds the thread's owner, discussions/owners.py)."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            from django.contrib.contenttypes.models import ContentType

            content_type = ContentType.objects.get_for_model(Topic)
            Thread.objects.filter(pk=self.thread_id).update(content_type=content_type, object_id=self.pk)
            if Topic.thread.is_cached(self):
                self.thread.content_type, self.thread.object_id = content_type, self.pk

    def get_absolute_url(self) -> str:
        return self.board.url + self.board.reverse_subpage("topic-detail", kwargs={"topic_id": self.pk})
