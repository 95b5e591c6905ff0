"""Scrutiny reviews, their recommendations, the cabinet's responses and implementation progress.

Thin models: fields, constraints and QuerySet methods. Writes live in services.py, reads in selectors.py.
"Overdue" and "response overdue" are derived from dates (QuerySet methods and properties below) and
never stored. A recommendation's status, RAG and percent complete are copies of its latest
implementation update (or the roll-up of its actions), kept in step by services.update_add.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.models import Page
from wagtail.search import index

from forum_site.core.cache import AnonymousCacheMixin

RESPONSE_DUE_MONTHS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class ResponseDecision(models.TextChoices):
    AWAITING = "awaiting", "Awaiting response"
    AGREED = "agreed", "Agreed"
    PARTIALLY_AGREED = "partially_agreed", "Partially agreed"
    REJECTED = "rejected", "Rejected"


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    SLIPPED = "slipped", "Slipped"
    COMPLETED = "completed", "Completed"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class SignOffState(models.TextChoices):
    NONE = "", "Not signed off"
    ACHIEVED = "achieved", "Achieved (signed off)"
    SENT_BACK = "sent_back", "Sent back"


class TrackerIndexPage(AnonymousCacheMixin, RoutablePageMixin, Page):
    """The public tracker: every review, and the filterable list of recommendations.

    Every route's HTML is cached for visitors (exports stream and are never stored)."""

    cache_areas = ("tracker",)

    def anonymous_cache_seconds(self, request) -> int:
        from .views import cache_seconds

        return cache_seconds()

    intro = models.TextField(max_length=600, blank=True, help_text="A sentence or two above the reviews.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["recommendations.ScrutinyReviewPage"]
    max_count = 1

    class Meta:
        verbose_name = "recommendations tracker"

    # Routes (thin: they call views in views.py, which call selectors).
    @route("", name="index")
    def index_view(self, request):
        from . import views

        return views.tracker_index(request, self)

    @route("recommendations/", name="recommendation-list")
    def recommendation_list(self, request):
        from . import views

        return views.recommendation_list(request, self)

    @route("recommendations/<int:pk>/", name="recommendation-detail")
    def recommendation_detail(self, request, pk):
        from . import views

        return views.recommendation_detail(request, self, pk)

    @route("recommendations/export/<str:file_format>/", name="recommendation-export")
    def recommendation_export(self, request, file_format):
        from . import views

        return views.recommendation_export(request, self, file_format)

    @route("report/", name="report")
    def report(self, request):
        from . import views

        return views.committee_report(request, self, review=None)


class ScrutinyReviewPage(AnonymousCacheMixin, RoutablePageMixin, Page):
    panel = models.CharField(
        max_length=200, help_text='The panel or committee, e.g. "Children and Young People Scrutiny Panel".'
    )
    scope = models.TextField(max_length=4000, help_text="What the review looked at and why.")
    report_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The review's final report.",
    )
    appendix_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Appendices or evidence pack.",
    )
    adopted_on = models.DateField(help_text="The date the Overview and Scrutiny Committee adopted the review.")
    cabinet_response_on = models.DateField(null=True, blank=True, help_text="The date of the cabinet's response.")
    lead_cabinet_member = models.CharField(max_length=200, blank=True, help_text="e.g. Cabinet Member for Children.")
    lead_director = models.CharField(max_length=200, blank=True, help_text="e.g. Director of Children's Services.")
    # Two months after adoption; set on save from adopted_on (a date, not an "overdue" flag).
    response_due_on = models.DateField(editable=False, null=True)

    content_panels = Page.content_panels + [
        FieldPanel("panel"),
        FieldPanel("scope"),
        MultiFieldPanel([FieldPanel("adopted_on"), FieldPanel("cabinet_response_on")], heading="Dates"),
        MultiFieldPanel([FieldPanel("lead_cabinet_member"), FieldPanel("lead_director")], heading="Leads"),
        MultiFieldPanel([FieldPanel("report_document"), FieldPanel("appendix_document")], heading="Documents"),
    ]
    search_fields = Page.search_fields + [index.SearchField("scope"), index.FilterField("adopted_on")]
    parent_page_types = ["recommendations.TrackerIndexPage"]
    subpage_types: list[str] = []

    cache_areas = ("tracker",)

    def anonymous_cache_seconds(self, request) -> int:
        from .views import cache_seconds

        return cache_seconds()

    class Meta:
        verbose_name = "scrutiny review"

    @route("", name="index")
    def index_view(self, request):
        from . import views

        return views.review_overview(request, self)

    @route("report/", name="report")
    def report(self, request):
        from . import views

        return views.committee_report(request, TrackerIndexPage.objects.parent_of(self).get(), review=self)

    def save(self, *args, **kwargs):
        if self.adopted_on:
            self.response_due_on = add_months(self.adopted_on, RESPONSE_DUE_MONTHS)
        return super().save(*args, **kwargs)


class Theme(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RecommendationQuerySet(models.QuerySet):
    def for_follow_list(self):
        """A member's list of follows shows "R1. title" and links into the review's page."""
        return self.select_related("review")

    def with_effective_target(self):
        return self.annotate(effective_target=Coalesce("revised_target_date", "target_date"))

    def response_overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(response=ResponseDecision.AWAITING, review__response_due_on__lt=today)

    def open(self):
        """Accepted (in whole or part) and not yet signed off as achieved."""
        return self.filter(response__in=[ResponseDecision.AGREED, ResponseDecision.PARTIALLY_AGREED]).exclude(
            sign_off=SignOffState.ACHIEVED
        )

    def implementation_overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return (
            self.open()
            .exclude(status=ImplementationStatus.COMPLETED)
            .with_effective_target()
            .filter(effective_target__lt=today)
        )

    def due_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return (
            self.open()
            .exclude(status=ImplementationStatus.COMPLETED)
            .with_effective_target()
            .filter(effective_target__gte=today, effective_target__lte=today + datetime.timedelta(days=days))
        )

    def slipped(self):
        """Open and not completed, and the latest update says it slipped (such an update gives a revised target date)."""
        return self.open().filter(status=ImplementationStatus.SLIPPED).with_effective_target()

    def awaiting_sign_off(self):
        return self.filter(status=ImplementationStatus.COMPLETED).exclude(sign_off=SignOffState.ACHIEVED)


class Recommendation(models.Model):
    review = models.ForeignKey(ScrutinyReviewPage, on_delete=models.CASCADE, related_name="recommendations")
    reference = models.CharField(max_length=30, help_text='As printed in the report, e.g. "9" or "SR 25/26-09".')
    position = models.PositiveIntegerField(default=0, help_text="Order within the review.")
    title = models.CharField(max_length=255)
    text = models.TextField(max_length=10000, help_text="The recommendation in full.")
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    addressed_to = models.CharField(max_length=200, blank=True, help_text="Who the recommendation is addressed to.")

    # The cabinet's response.
    response = models.CharField(max_length=20, choices=ResponseDecision.choices, default=ResponseDecision.AWAITING)
    response_reasons = models.TextField(max_length=10000, blank=True)
    response_decided_on = models.DateField(null=True, blank=True)
    cabinet_member = models.CharField(max_length=200, blank=True, help_text="Responsible cabinet member.")
    lead_officer_name = models.CharField(max_length=200, blank=True, help_text="Lead officer as shown publicly.")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_recommendations",
        help_text="The council officer account that records responses and updates for this recommendation.",
    )
    target_date = models.DateField(null=True, blank=True)

    # Copies of the latest implementation update (or the actions' roll-up); services.update_add keeps them.
    status = models.CharField(
        max_length=20, choices=ImplementationStatus.choices, default=ImplementationStatus.NOT_STARTED
    )
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    percent_complete = models.PositiveSmallIntegerField(default=0)
    revised_target_date = models.DateField(null=True, blank=True)
    last_update_on = models.DateField(null=True, blank=True)

    # Scrutiny sign-off (history in SignOffDecision).
    sign_off = models.CharField(max_length=10, choices=SignOffState.choices, blank=True, default=SignOffState.NONE)
    signed_off_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "reference"], name="recommendation_reference_unique_in_review"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="recommendation_percent_at_most_100"),
            models.CheckConstraint(
                condition=~Q(sign_off=SignOffState.ACHIEVED) | Q(status=ImplementationStatus.COMPLETED),
                name="recommendation_achieved_only_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["response", "status"]), models.Index(fields=["target_date"])]

    def __str__(self) -> str:
        return f"{self.reference}. {self.title}"

    def get_absolute_url(self) -> str:
        """/tracker/recommendations/<pk>/: a route of the tracker page, the parent of the review's page
        (no query beyond loading the review: select_related("review") in lists)."""
        review_url = self.review.url
        tracker_url = review_url[: review_url.rstrip("/").rfind("/") + 1]
        return tracker_url + TrackerIndexPage().reverse_subpage("recommendation-detail", kwargs={"pk": self.pk})

    @property
    def effective_target_date(self) -> datetime.date | None:
        return self.revised_target_date or self.target_date

    def is_response_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        due = self.review.response_due_on
        return self.response == ResponseDecision.AWAITING and due is not None and due < today

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        target = self.effective_target_date
        return (
            self.response in (ResponseDecision.AGREED, ResponseDecision.PARTIALLY_AGREED)
            and self.status != ImplementationStatus.COMPLETED
            and self.sign_off != SignOffState.ACHIEVED
            and target is not None
            and target < today
        )


class Action(models.Model):
    """An optional step under a recommendation; when a recommendation has actions, their progress rolls up to it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=255)
    owner = models.CharField(max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True)
    percent_complete = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["recommendation", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="action_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.title


class ImplementationUpdate(models.Model):
    """Append-only: an update is never edited or deleted; a correction is a new update."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates")
    date = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=20, choices=ImplementationStatus.choices)
    rag = models.CharField(max_length=5, choices=Rag.choices)
    percent_complete = models.PositiveSmallIntegerField()
    narrative = models.TextField(max_length=10000)
    evidence_links = models.JSONField(default=list, blank=True, help_text="A list of URLs.")
    revised_target_date = models.DateField(null=True, blank=True)
    slip_reason = models.TextField(max_length=2000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "date", "created_at"]
        get_latest_by = ["date", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="update_percent_at_most_100"),
            models.CheckConstraint(
                condition=~Q(status=ImplementationStatus.SLIPPED)
                | (Q(revised_target_date__isnull=False) & ~Q(slip_reason="")),
                name="update_slipped_needs_date_and_reason",
            ),
        ]
        indexes = [models.Index(fields=["recommendation", "-date", "-created_at"])]


class SignOffDecision(models.Model):
    """A scrutiny member's decision on a completed recommendation: achieved, or sent back with a comment."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="sign_off_decisions")
    decision = models.CharField(max_length=10, choices=[c for c in SignOffState.choices if c[0]])
    comment = models.TextField(max_length=4000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision=SignOffState.SENT_BACK) | ~Q(comment=""), name="sign_off_sent_back_needs_comment"
            ),
        ]


class InternalNote(models.Model):
    """Scrutiny members' notes on a recommendation: never shown publicly, never in exports or the API."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="internal_notes")
    text = models.TextField(max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "created_at"]
