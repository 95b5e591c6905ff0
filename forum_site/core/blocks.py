"""Shared StreamField blocks. Each renders through its own template in templates/blocks/."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        help_text = "A section heading (shown as a level 2 heading)."


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        help_text = "Paragraphs of text with links and lists."


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="A short title for the box.")
    text = ParagraphBlock(help_text="What the box says.")

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        help_text = "A highlighted box for something readers must not miss."


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site...")
    url = blocks.URLBlock(required=False, help_text="...or a web address elsewhere.")
    label = blocks.CharBlock(max_length=60, required=False, help_text="Link text; defaults to the page title.")

    class Meta:
        icon = "link"
        template = "blocks/link.html"
        help_text = "A link to a page on this site or elsewhere."

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or enter a web address (one, not both)."
            raise StructBlockValidationError(block_errors={"page": ErrorList([ValidationError(message)])})
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ErrorList([ValidationError("Give link text for a web address.")])}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()

    class Meta:
        help_text = "The page's content: headings, paragraphs and highlighted boxes."
