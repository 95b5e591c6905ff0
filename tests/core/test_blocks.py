"""Shared blocks render through their templates and escape what editors type."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from forum_site.core.blocks import BodyBlock, CalloutBlock, HeadingBlock, LinkBlock, ParagraphBlock

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_heading_escapes():
    html = HeadingBlock().render(PAYLOAD)
    assert html.strip().startswith("<h2 ")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_callout_escapes_title_and_renders_rich_text():
    block = CalloutBlock()
    value = block.to_python({"title": PAYLOAD, "text": "<p>Call <b>999</b></p>"})
    html = block.render(value)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>999</b>" in html
    assert "govuk-inset-text" in html


def test_paragraph_renders_rich_text():
    block = ParagraphBlock()
    html = block.render(block.to_python('<p>Read the <a href="/privacy/">privacy notice</a></p>'))
    assert '<a href="/privacy/">privacy notice</a>' in html


def test_every_struct_block_has_icon_template_help():
    for block in [HeadingBlock(), ParagraphBlock(), CalloutBlock(), LinkBlock()]:
        assert block.meta.icon and block.meta.template and block.meta.help_text


@pytest.mark.django_db
def test_link_block_needs_exactly_one_target():
    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "url": "", "label": "Nowhere"}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "url": "https://example.org", "label": ""}))
    value = block.clean(block.to_python({"page": None, "url": "https://example.org/x", "label": "X"}))
    assert 'href="https://example.org/x"' in block.render(value)


@pytest.mark.django_db
def test_link_block_refuses_javascript_urls():
    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "url": "javascript:alert(1)", "label": "X"}))


def test_body_block_types():
    assert set(BodyBlock().child_blocks) == {"heading", "paragraph", "callout"}
