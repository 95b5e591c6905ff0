from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from .blocks import LinkBlock


@register_setting(icon="list-ul")
class NavigationSettings(BaseGenericSetting):
    """The main navigation and the footer, edited in Settings > Navigation."""

    main_navigation = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Links in the header, in order. Keep it to about six."
    )
    footer_navigation = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Links in the footer: privacy, accessibility, contact."
    )
    footer_text = models.TextField(blank=True, max_length=500, help_text="A line or two about who runs the site.")

    panels = [FieldPanel("main_navigation"), FieldPanel("footer_navigation"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = "navigation"
