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
    subpage_types = ["home.StandardPage", "consultations.ConsultationIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


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
