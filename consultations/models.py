from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from forum_site.core.blocks import RICH_TEXT_FEATURES, BodyBlock
from forum_site.core.cache import AnonymousCacheMixin

from .blocks import KeyDocumentBlock, QuestionStreamBlock
from .questions import Question, Section, questions_from_stream, sections_from_stream


class ConsultationIndexPage(AnonymousCacheMixin, Page):
    intro = models.TextField(max_length=600, blank=True, help_text="A sentence or two above the list.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = "consultation index page"

    cache_areas = ("consultations",)

    def anonymous_cache_seconds(self, request) -> int:
        return 60  # consultations move between open, upcoming and closed by the clock

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = selectors.consultations_for_index(index_page=self)
        context["index_groups"] = [
            ("open", "Open consultations", "There are no open consultations at the moment."),
            ("upcoming", "Coming soon", "Nothing is planned yet."),
            ("closed", "Closed consultations", "No consultations have closed yet."),
        ]
        return context


class ConsultationState(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# The editor's "You said, we did" tab, and the id Wagtail gives it (its heading in snake case): the results
# screen links straight to it with "#tab-you_said_we_did".
OUTCOME_TAB = "You said, we did"
OUTCOME_TAB_ID = "you_said_we_did"


class ConsultationPage(AnonymousCacheMixin, RoutablePageMixin, Page):
    summary = models.TextField(max_length=600, help_text="One or two sentences: what is being consulted on.")
    body = StreamField(BodyBlock(), blank=True, help_text="Background, what we are asking, what happens next.")
    documents = StreamField([("document", KeyDocumentBlock())], blank=True, help_text="Key documents.")
    run_by = models.CharField(max_length=200, help_text="Who runs this consultation.")
    contact_email = models.EmailField(help_text="Where to send questions about the consultation.")
    opens_at = models.DateTimeField(help_text="When responses open (UK time).")
    closes_at = models.DateTimeField(help_text="When responses close (UK time).")
    allow_anonymous = models.BooleanField(default=True, help_text="People can respond without an account.")
    one_response_per_member = models.BooleanField(default=True, help_text="A member can send one response only.")
    questions = StreamField(QuestionStreamBlock(), blank=True)
    privacy_notice_version = models.CharField(
        max_length=20, default="1.0", help_text="The privacy notice version respondents agree to."
    )
    retention_until = models.DateField(
        null=True, blank=True, help_text="After this date contact details and identifying free text are erased."
    )
    outcome_summary = RichTextField(blank=True, features=RICH_TEXT_FEATURES, help_text="You said: what people told us.")
    outcome_changes = RichTextField(blank=True, features=RICH_TEXT_FEATURES, help_text="We did: what will change.")
    outcome_published = models.BooleanField(
        default=False, help_text='Show "You said, we did" on the page (only after the consultation has closed).'
    )
    outcome_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("documents"),
        MultiFieldPanel(
            [FieldPanel("run_by"), FieldPanel("contact_email"), FieldPanel("opens_at"), FieldPanel("closes_at")],
            heading="Who and when",
        ),
    ]
    question_panels = [
        MultiFieldPanel(
            [
                FieldPanel("allow_anonymous"),
                FieldPanel("one_response_per_member"),
                FieldPanel("privacy_notice_version"),
                FieldPanel("retention_until"),
            ],
            heading="Responses",
        ),
        FieldPanel("questions"),
    ]
    outcome_panels = [FieldPanel("outcome_summary"), FieldPanel("outcome_changes"), FieldPanel("outcome_published")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(question_panels, heading="Questions"),
            ObjectList(outcome_panels, heading=OUTCOME_TAB),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "consultation"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="consultation_closes_after_opening"
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The closing date must be after the opening date."
        if self.outcome_published and self.closes_at and self.closes_at > timezone.now():
            errors["outcome_published"] = '"You said, we did" can only be published after the consultation closes.'
        answered_problem = self._answered_questions_problem()
        if answered_problem:
            errors["questions"] = answered_problem
        if errors:
            raise ValidationError(errors)

    def _answered_questions_problem(self) -> str:
        """Once people have answered, a question or option they chose cannot be removed or renamed:
        their answers would drop out of the results and exports. Add new options instead."""
        if not self.pk:
            return ""
        stored = Answer.objects.filter(consultation_id=self.pk).values_list("question_id", "value_choice").distinct()
        questions = {q.id: q for q in questions_from_stream(self.questions)}
        for question_id, choice in stored:
            question = questions.get(question_id)
            if question is None:
                return (
                    "A question that people have already answered was removed. Put it back (you can edit its wording)."
                )
            if choice and question.is_choice and choice not in question.choices:
                return (
                    f'Question {question.number} no longer offers "{choice}", which people have already chosen. '
                    "Put that option back; you can add new options."
                )
        return ""

    def state_at(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return ConsultationState.UPCOMING
        if now >= self.closes_at:
            return ConsultationState.CLOSED
        return ConsultationState.OPEN

    @property
    def state(self) -> str:
        return self.state_at()

    @property
    def is_open(self) -> bool:
        return self.state == ConsultationState.OPEN

    @cached_property
    def sections(self) -> list[Section]:
        return sections_from_stream(self.questions)

    @cached_property
    def question_list(self) -> list[Question]:
        return questions_from_stream(self.questions)

    cache_areas = ("consultations",)

    def anonymous_cache_seconds(self, request) -> int:
        """The overview only (the form and the confirmation are each visitor's own); short enough that
        "days left" and the open/closed state stay right."""
        match = getattr(request, "routable_resolver_match", None)
        if match is None or match.url_name != "overview":
            return 0
        now = timezone.now()
        for moment in (self.opens_at, self.closes_at):
            if moment > now:
                return max(1, min(60, int((moment - now).total_seconds())))
        return 60

    # Routes (thin: they call views in views.py, which call services and selectors).
    @route("")
    def overview(self, request):
        from . import views

        return views.consultation_overview(request, self)

    @route("respond/")
    def respond(self, request):
        from . import views

        return views.response_form(request, self)

    @route("respond/done/<str:reference>/")
    def confirmation(self, request, reference):
        from . import views

        return views.response_confirmation(request, self, reference)


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ResponseChannel(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper form"
    PHONE = "phone", "Phone"


class Response(models.Model):
    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )
    status = models.CharField(max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    idempotency_key = models.UUIDField(null=True, blank=True)
    # The member's id while a submitted response counts as their one response; NULL otherwise.
    member_key = models.BigIntegerField(null=True, blank=True, editable=False)
    channel = models.CharField(max_length=10, choices=ResponseChannel.choices, default=ResponseChannel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_quote = models.BooleanField(default=False)
    consent_contact = models.BooleanField(default=False)
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The UK date of submission, stored so "responses over time" is a plain GROUP BY.
    submitted_on = models.DateField(null=True, blank=True, editable=False)
    outcome_notified_at = models.DateTimeField(null=True, blank=True)
    # Anonymous save-and-return: the secret in the emailed link (signed, valid until closing).
    resume_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["consultation", "status", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "idempotency_key"], name="response_idempotency_unique"),
            models.UniqueConstraint(fields=["consultation", "member_key"], name="response_one_per_member"),
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=models.Q(status="draft"),
                name="response_one_draft_per_member",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(reference__isnull=False, submitted_at__isnull=False),
                name="response_submitted_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft {self.pk}"


class Theme(models.Model):
    """A code organisers give free-text answers ("waiting times", "communication") to count what people said."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="theme_name_unique_per_consultation")
        ]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    """One row per answer; a multiple-choice answer is one row per option ticked."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Copied from the response so results are one covering-index scan (kept in step by services.py).
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="+", db_index=False, null=True
    )
    counted = models.BooleanField(default=False, help_text="Belongs to a submitted (not draft or withdrawn) response.")
    question_id = models.CharField(max_length=64)
    value_choice = models.CharField(max_length=255, blank=True)
    value_text = models.TextField(blank=True)
    quote_selected = models.BooleanField(default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="answers")

    class Meta:
        indexes = [
            # Covers the results queries: one in-order scan groups a consultation's answers by question and
            # choice, filtering `counted` and reading response ids from the index itself.
            models.Index(fields=["consultation", "question_id", "value_choice", "counted", "response"]),
            models.Index(fields=["response", "question_id", "value_choice"]),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value_choice or self.value_text[:40]}"
