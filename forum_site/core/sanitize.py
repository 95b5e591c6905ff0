"""THE sanitiser for everything a member writes (posts, replies, comments, report notes shown on pages).

Members write plain text with a small Markdown subset:

- paragraphs separated by a blank line; a single newline is a line break (<br>);
- bare http(s) URLs and www. addresses become links;
- [text](https://example.org) (or http:, mailto:) becomes a link with that text.

Nothing else is interpreted: HTML a member types is shown as text.

How it stays safe, in order:

1. everything the member typed is HTML-escaped first (so "<script>" is shown as text);
2. the Markdown subset above is applied to the escaped text, producing only <p>, <br> and <a>;
3. bleach.clean with the allow-lists below is the final guarantee: any tag, attribute or URL scheme
   not listed is escaped or removed, whatever a bug in steps 1-2 might have let through.

The allowed tags, attributes and protocols are listed once, here (USER_TEXT_TAGS,
USER_TEXT_ATTRIBUTES, USER_TEXT_PROTOCOLS). Every link gets rel="nofollow ugc noopener".

`render_user_text` is the ONLY place in the project that marks user-written text safe. Templates use
the `user_text` filter (forum_site/core/templatetags/core_tags.py), which calls it; never call
mark_safe / |safe on anything a member wrote anywhere else. For plain-text places (emails, queue
lists, titles) use `plain_excerpt`, and let the template engine escape it.
"""

from __future__ import annotations

import functools
import html
import re
import threading

from bleach.sanitizer import Cleaner
from django.utils.safestring import SafeString, mark_safe

# The allow-lists: the only tags, attributes and URL schemes that can reach a page from user text.
USER_TEXT_TAGS: frozenset[str] = frozenset({"p", "br", "a"})
USER_TEXT_ATTRIBUTES: dict[str, list[str]] = {"a": ["href", "rel"]}
USER_TEXT_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

RENDER_CACHE_SIZE = 512  # rendered texts kept per process (see _render)

# Control characters (null bytes and friends) are dropped; tab and newline are kept.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

# These run on the ESCAPED text: html.escape turns & < > " ' into &amp; &lt; &gt; &quot; &#x27;.
# A URL never runs into an escaped <, >, " or ' (so it can never leave its href), only into &amp;.
_NOT_ESCAPED_MARKUP = r"(?!&(?:lt|gt|quot|\#x27);)"
_URL_CHAR = rf"(?:{_NOT_ESCAPED_MARKUP}[^\s\[\]])"
_TARGET_CHAR = rf"(?:{_NOT_ESCAPED_MARKUP}[^\s()])"
_LINK_PATTERN = re.compile(
    rf"""
    \[(?P<label>[^\[\]\n]{{1,500}})\]                                   # [text]
    \(\s*(?P<target>(?:https?://|mailto:){_TARGET_CHAR}+?)\s*\)        # (http:, https: or mailto:)
    |
    (?<![\w/.@-])(?P<url>(?:https?://|www\.)[a-z0-9]{_URL_CHAR}*)   # a bare URL or www. address
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SCHEME = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,:;!?"
_MARKDOWN_LINK_PLAIN = re.compile(r"\[([^\[\]\n]{1,500})\]\(\s*((?:https?://|mailto:)[^\s()]+?)\s*\)", re.I)
_WHITESPACE = re.compile(r"\s+")

# bleach's Cleaner keeps parser state, so each thread gets its own.
_local = threading.local()


def _cleaner() -> Cleaner:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = Cleaner(
            tags=USER_TEXT_TAGS,
            attributes=USER_TEXT_ATTRIBUTES,
            protocols=USER_TEXT_PROTOCOLS,
            strip=False,
            strip_comments=True,
        )
        _local.cleaner = cleaner
    return cleaner


def _normalise(text: str) -> str:
    return _CONTROL_CHARS.sub("", _NEWLINES.sub("\n", text))


def _anchor(href: str, label: str) -> str:
    # href and label are already HTML-escaped (quotes included), so they cannot leave the attribute.
    return f'<a href="{href}" rel="{LINK_REL}">{label}</a>'


def _split_trailing(url: str) -> tuple[str, str]:
    """Leave sentence punctuation and an unbalanced closing bracket after a URL outside the link."""
    end = len(url)
    unbalanced = url.count(")") - url.count("(")
    while end:
        if url.endswith("&amp;", 0, end):
            end -= 5
        elif url[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
        elif url[end - 1] == ")" and unbalanced > 0:
            end -= 1
            unbalanced -= 1
        else:
            break
    return url[:end], url[end:]


def _replace_link(match: re.Match[str]) -> str:
    if match.group("target") is not None:
        return _anchor(match.group("target"), match.group("label"))
    url, trailing = _split_trailing(match.group("url"))
    href = url if _SCHEME.match(url) else f"https://{url}"
    return _anchor(href, url) + trailing


def _paragraph_html(escaped: str) -> str:
    linked = _LINK_PATTERN.sub(_replace_link, escaped.strip())
    return "<p>" + linked.replace("\n", "<br>\n") + "</p>"


def render_user_text(text: str) -> SafeString:
    """Member-written plain text as HTML that is safe to put in a page.

    The ONLY function in the project that marks user-written text safe (see the module docstring).
    """
    return mark_safe(_render(text or ""))  # noqa: S308 - escaped, then bleach-cleaned with the allow-lists


@functools.lru_cache(maxsize=RENDER_CACHE_SIZE)
def _render(text: str) -> str:
    """Cached per process: bleach is pure Python (about 1-5 ms per 1,000 characters), and a topic
    page shows the same replies on every view. The output depends only on the text."""
    escaped = html.escape(_normalise(text), quote=True)
    paragraphs = [part for part in _PARAGRAPH_BREAK.split(escaped) if part.strip()]
    markup = "\n".join(_paragraph_html(part) for part in paragraphs)
    return _cleaner().clean(markup)


def plain_excerpt(text: str, length: int) -> str:
    """At most `length` characters of plain text (no HTML) for emails, queue lists and titles.

    Whitespace collapses to single spaces, [text](url) links become "text (url)", and a cut ends
    at a word boundary with an ellipsis. The result is NOT escaped: let the template engine (or a
    plain-text email) handle it.
    """
    if length < 1:
        raise ValueError("length must be at least 1")
    flat = _WHITESPACE.sub(" ", _MARKDOWN_LINK_PLAIN.sub(r"\1 (\2)", _normalise(text or ""))).strip()
    if len(flat) <= length:
        return flat
    cut = flat[: length - 1]
    space = cut.rfind(" ")
    if flat[length - 1] != " " and space >= length // 2:  # don't end in the middle of a word
        cut = cut[:space]
    return cut.rstrip(" .,;:!?-") + "…"
