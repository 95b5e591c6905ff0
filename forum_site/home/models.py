from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from forum_site.core.blocks import BodyBlock
from forum_site.core.cache import AnonymousCacheMixin


class HomePage(AnonymousCacheMixin, Page):
    """The site's front page: what the forum is; later apps add open consultations, outcomes, the tracker."""

    intro = models.TextField(max_length=400, help_text="One or two sentences: what the forum is and who it is for.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "consultations.ConsultationIndexPage",
        "recommendations.TrackerIndexPage",
        "discussions.BoardIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    # The front page lists open consultations and their latest outcomes.
    cache_areas = ("site", "consultations")

    def anonymous_cache_seconds(self, request) -> int:
        return 60  # consultations open and close by the clock

    def get_context(self, request, *args, **kwargs):
        from consultations import selectors as consultation_selectors

        context = super().get_context(request, *args, **kwargs)
        context["open_consultations"] = consultation_selectors.open_consultations(limit=3)
        context["latest_outcomes"] = consultation_selectors.latest_outcomes(limit=3)
        return context


class StandardPage(AnonymousCacheMixin, Page):
    """About the forum, Privacy notice, Accessibility statement, Contact, and similar."""

    intro = models.TextField(max_length=400, blank=True, help_text="A one-sentence summary shown under the title.")
    body = StreamField(BodyBlock())

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"
