"""The one sanitiser for member-written text: hostile input never executes; ordinary text reads well."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from forum_site.core import sanitize
from forum_site.core.sanitize import plain_excerpt, render_user_text
from tests.payloads import PAYLOADS

ALLOWED_TAGS = {"p", "br", "a"}
REL = "nofollow ugc noopener"
SAFE_HREF = re.compile(r"^(?:https?://|mailto:)[^\s\x00-\x1f]+$", re.IGNORECASE)
# The only markup render_user_text may produce, token by token. Anything else containing < or >
# (however a browser might re-parse it) is a failure.
KNOWN_TOKENS = re.compile(r'<p>|</p>|<br>|</a>|<a href="[^"<>]*" rel="nofollow ugc noopener">')


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append(("<!--comment-->", []))

    def handle_decl(self, decl):
        self.tags.append(("<!decl>", []))

    def handle_pi(self, data):
        self.tags.append(("<?pi>", []))

    def unknown_decl(self, data):
        self.tags.append(("<![unknown>", []))


def parse(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def assert_safe(markup: str) -> None:
    """Only p, br and a; a has only href (http, https, mailto) and our rel; nothing else is markup."""
    collector = parse(markup)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, f"tag {tag!r} in {markup!r}"
        if tag == "a":
            names = [name for name, _ in attrs]
            assert names == ["href", "rel"], f"attributes {names} in {markup!r}"
            href, rel = dict(attrs)["href"], dict(attrs)["rel"]
            assert SAFE_HREF.match(href or ""), f"href {href!r} in {markup!r}"
            assert rel == REL
        else:
            assert attrs == [], f"attributes on <{tag}> in {markup!r}"
    leftover = KNOWN_TOKENS.sub("", markup)
    assert "<" not in leftover and ">" not in leftover, f"stray markup in {markup!r}"
    assert "\x00" not in markup


def visible_text(markup: str) -> str:
    return "".join(parse(markup).text)


def squash(text: str) -> str:
    return re.sub(r"[\s\x00-\x1f\x7f]+", "", text)


def test_allow_lists_are_the_documented_ones():
    assert {"p", "br", "a"} == sanitize.USER_TEXT_TAGS
    assert sanitize.USER_TEXT_ATTRIBUTES == {"a": ["href", "rel"]}
    assert {"http", "https", "mailto"} == sanitize.USER_TEXT_PROTOCOLS
    assert sanitize.LINK_REL == REL


def test_the_corpus_covers_the_classes_of_attack():
    joined = "\n".join(PAYLOADS).lower()
    for needle in [
        "<script",
        "onerror",
        "onload",
        "onmouseover",
        "javascript:",
        "data:",
        "vbscript:",
        "<svg",
        "<iframe",
        "expression(",
        "&#106;",
        "&#x6a;",
        "\x00",
        "java\nscript",
        "](javascript:",
        "<<script>",
    ]:
        assert needle in joined, needle
    assert all(isinstance(payload, str) and payload for payload in PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_never_becomes_markup(payload):
    output = render_user_text(payload)
    assert isinstance(output, SafeString)
    assert_safe(output)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_inside_ordinary_text_never_becomes_markup(payload):
    text = f"Our EHC plan took 40 weeks.\n\nBefore {payload} after\nsee https://example.org/a?b=1&c=2.\n\nThanks"
    output = render_user_text(text)
    assert_safe(output)
    assert output.startswith("<p>Our EHC plan took 40 weeks.</p>")
    assert output.endswith("<p>Thanks</p>")


@pytest.mark.parametrize(
    "payload", [p for p in PAYLOADS if not re.search(r"\]\(\s*(https?|mailto):", p)], ids=lambda p: p[:30]
)
def test_payload_is_shown_as_the_text_the_member_typed(payload):
    """Apart from whitespace and control characters, a reader sees exactly what was typed."""
    assert squash(visible_text(render_user_text(payload))) == squash(payload)


def test_script_tag_is_shown_as_text():
    assert render_user_text("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_typed_entities_are_shown_literally_not_decoded():
    output = render_user_text("&#106;avascript:alert(1) &lt;b&gt;")
    assert output == "<p>&amp;#106;avascript:alert(1) &amp;lt;b&amp;gt;</p>"
    assert visible_text(output) == "&#106;avascript:alert(1) &lt;b&gt;"


def test_null_bytes_and_control_characters_are_dropped():
    assert render_user_text("a\x00b\x07c\x1bd") == "<p>abcd</p>"


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](data:text/html,hi)",
        "[click](vbscript:msgbox(1))",
        "[click](ftp://example.org/file)",
        "[click](/relative/path)",
        "[click](//evil.example/x)",
    ],
)
def test_markdown_link_with_another_scheme_stays_text(text):
    output = render_user_text(text)
    assert "<a" not in output
    assert visible_text(output) == text


def test_markdown_link_quote_cannot_break_out_of_href():
    output = render_user_text('[click](https://example.org" onmouseover="alert(1))')
    assert_safe(output)
    assert "onmouseover=" not in parse(output).tags.__repr__()
    assert visible_text(output) == '[click](https://example.org" onmouseover="alert(1))'


def test_final_bleach_pass_catches_markup_the_earlier_steps_let_through(monkeypatch):
    """If the Markdown step ever produced something dangerous, bleach's allow-lists still stop it."""
    broken = (
        "<p><script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)" onclick="alert(1)" rel="nofollow ugc noopener">x</a></p>'
    )
    monkeypatch.setattr(sanitize, "_paragraph_html", lambda escaped: broken)
    sanitize._render.cache_clear()
    output = render_user_text("anything")
    sanitize._render.cache_clear()
    tags = parse(output).tags
    assert [tag for tag, _ in tags] == ["p", "a"]
    assert dict(tags[1][1]) == {"rel": REL}  # href with javascript: and onclick removed
    assert "&lt;script&gt;" in output


# Ordinary writing


def test_paragraphs_and_line_breaks():
    text = "First paragraph\nsame paragraph, new line\n\n\n  Second paragraph  \r\n\r\nThird"
    assert render_user_text(text) == (
        "<p>First paragraph<br>\nsame paragraph, new line</p>\n<p>Second paragraph</p>\n<p>Third</p>"
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\x00"])
def test_empty_text_renders_nothing(text):
    assert render_user_text(text) == ""


def test_bare_url_becomes_a_nofollow_link_without_trailing_punctuation():
    output = render_user_text("See https://www.gov.uk/children-with-special-educational-needs.")
    assert output == (
        '<p>See <a href="https://www.gov.uk/children-with-special-educational-needs" rel="nofollow ugc noopener">'
        "https://www.gov.uk/children-with-special-educational-needs</a>.</p>"
    )


def test_url_with_query_string_keeps_its_ampersand():
    output = render_user_text("http://example.org/search?q=ehc&page=2")
    assert output == (
        '<p><a href="http://example.org/search?q=ehc&amp;page=2" rel="nofollow ugc noopener">'
        "http://example.org/search?q=ehc&amp;page=2</a></p>"
    )
    assert parse(output).tags[1][1][0] == ("href", "http://example.org/search?q=ehc&page=2")


def test_trailing_ampersands_and_brackets_stay_outside_the_link():
    output = render_user_text("(https://example.org/a&b&&) https://example.org/x)")
    hrefs = [dict(attrs)["href"] for tag, attrs in parse(output).tags if tag == "a"]
    assert hrefs == ["https://example.org/a&b", "https://example.org/x"]
    assert visible_text(output) == "(https://example.org/a&b&&) https://example.org/x)"


def test_www_address_becomes_an_https_link():
    output = render_user_text("Try www.ipsea.org.uk, it helped us")
    assert output == (
        '<p>Try <a href="https://www.ipsea.org.uk" rel="nofollow ugc noopener">www.ipsea.org.uk</a>, it helped us</p>'
    )


def test_url_in_brackets_keeps_balanced_brackets_only():
    output = render_user_text("(see https://en.wikipedia.org/wiki/Tribunal_(UK)) and (https://example.org)")
    hrefs = [dict(attrs)["href"] for tag, attrs in parse(output).tags if tag == "a"]
    assert hrefs == ["https://en.wikipedia.org/wiki/Tribunal_(UK)", "https://example.org"]
    assert visible_text(output).endswith("(https://example.org)")


@pytest.mark.parametrize("text", ["www.", "https://", "awww.example.org", "user@www.example.org", "ftp://example.org"])
def test_things_that_are_not_links_stay_text(text):
    output = render_user_text(text)
    assert "<a" not in output
    assert visible_text(output) == text


def test_markdown_link():
    output = render_user_text("Read [the SEND code of practice](https://www.gov.uk/send-code?x=1&y=2) first")
    assert output == (
        '<p>Read <a href="https://www.gov.uk/send-code?x=1&amp;y=2" rel="nofollow ugc noopener">'
        "the SEND code of practice</a> first</p>"
    )


def test_markdown_mailto_link():
    output = render_user_text("[email the forum](mailto:hello@example.org)")
    assert output == '<p><a href="mailto:hello@example.org" rel="nofollow ugc noopener">email the forum</a></p>'


def test_markdown_link_text_is_escaped_and_not_linked_twice():
    output = render_user_text("[<b>bold</b> https://a.example](https://b.example)")
    assert output == (
        '<p><a href="https://b.example" rel="nofollow ugc noopener">&lt;b&gt;bold&lt;/b&gt; https://a.example</a></p>'
    )


def test_apostrophes_hearts_comparisons_and_emoji_read_naturally():
    text = "It's my son's EHC plan <3\n\na < b > c & d \"quoted\" 😀👍🏽"
    output = render_user_text(text)
    assert_safe(output)
    assert [tag for tag, _ in parse(output).tags] == ["p", "p"]
    assert visible_text(output) == "It's my son's EHC plan <3\na < b > c & d \"quoted\" 😀👍🏽"
    assert "&lt;3" in output


def test_long_post_renders_quickly_enough():
    text = "\n\n".join(f"Paragraph {i} with https://example.org/{i} and <b>{i}</b>." for i in range(400))
    output = render_user_text(text)
    assert output.count("<p>") == 400
    assert output.count("<a ") == 400


def test_rendering_is_cached_per_text():
    sanitize._render.cache_clear()
    first = render_user_text("Cached https://example.org")
    second = render_user_text("Cached " + "https://example.org")
    assert first == second
    assert sanitize._render.cache_info().hits == 1


# The template filter


def test_user_text_filter_renders_once_without_double_escaping():
    text = "Hi <script>x</script>\n\nhttps://example.org"
    rendered = Template("{% load core_tags %}{{ text|user_text }}").render(Context({"text": text}))
    assert rendered == render_user_text(text)


def test_user_text_filter_on_missing_value_renders_nothing():
    assert Template("{% load core_tags %}{{ text|user_text }}").render(Context({"text": None})) == ""


def test_plain_template_output_still_escapes_user_text():
    rendered = Template("{{ text }}").render(Context({"text": "<script>x</script>"}))
    assert rendered == "&lt;script&gt;x&lt;/script&gt;"


# Plain excerpts


def test_plain_excerpt_of_short_text_collapses_whitespace():
    assert plain_excerpt("  Hello\n\nthere\tall  ", 50) == "Hello there all"


def test_plain_excerpt_cuts_at_a_word_with_an_ellipsis():
    text = "Our EHC plan took one hundred and four weeks instead of twenty"
    excerpt = plain_excerpt(text, 30)
    assert excerpt == "Our EHC plan took one hundred…"
    assert len(excerpt) <= 30


def test_plain_excerpt_cuts_a_single_long_word_hard():
    assert plain_excerpt("a" * 100, 10) == "a" * 9 + "…"


def test_plain_excerpt_is_plain_text_not_html():
    assert plain_excerpt("<b>bold</b> & [the guide](https://example.org)\x00", 100) == (
        "<b>bold</b> & the guide (https://example.org)"
    )


@pytest.mark.parametrize("length", [0, -5])
def test_plain_excerpt_rejects_a_length_below_one(length):
    with pytest.raises(ValueError):
        plain_excerpt("text", length)
