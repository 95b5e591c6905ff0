"""{% post_list posts label="post" is_member=is_member %}: a topic's replies or a page's comments.

Each post is rendered with components/post.html. A topic page shows 25 of them, and rendering the
template 25 times was most of a signed-in reader's request, so each post's HTML is kept in the cache.
The key is a digest of everything the fragment shows (the post's text, state, dates, author name,
whether the reader may report it, and for the reader's own posts their edit links and "waiting for a
moderator" reasons) and of the code that renders it (the template's source, the sanitiser's and the
template filters' source, the URLs of the post links, the active time zone and language): an edit, a
moderation action, a renamed author or a new release gives a new key, so a fragment can never be stale
and nothing needs invalidating.

The cached value is the rendered template (autoescaped, member text through the one sanitiser); it is
joined with format_html_join, so anything the cache returned that is not already safe HTML is escaped.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.html import format_html_join

from forum_site.core import sanitize
from forum_site.core.templatetags import core_tags

register = template.Library()

POST_TEMPLATE = "components/post.html"
FRAGMENT_SECONDS = 24 * 60 * 60


@functools.cache
def _code_digest() -> str:
    """What renders a post in this release: a new template, sanitiser, filter or URL never meets an old
    fragment (the cache outlives a deploy)."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(get_template(POST_TEMPLATE).template.source.encode())
    for module in (sanitize, core_tags):
        digest.update(Path(module.__file__).read_bytes())
    for name in ("moderation:post-edit", "moderation:post-withdraw", "moderation:post-report"):
        digest.update(reverse(name, args=[0]).encode())
    return digest.hexdigest()


def fragment_keys(posts, *, label: str, is_member: bool) -> list[str]:
    """The cache key of each post's HTML: a digest of everything the fragment shows."""
    shared = (  # the same for every post of the list
        _code_digest(),
        timezone.get_current_timezone_name(),
        translation.get_language() or "",
        get_script_prefix(),
        label,
        is_member,
    )
    keys = []
    for post in posts:
        parts = (
            *shared,
            post.pk,
            post.state,
            post.state_reason,
            post.created_at.isoformat(),
            post.edited_at.isoformat() if post.edited_at else "",
            post.redacted,
            post.author_id,
            post.author_display_name,
            post.mine,
            "|".join(post.waiting_reasons),
            post.body,
        )
        text = "\x00".join(map(str, parts))
        keys.append(f"post-html:{hashlib.blake2b(text.encode(), digest_size=20).hexdigest()}")
    return keys


def _render(post, *, label: str, is_member: bool) -> str:
    return get_template(POST_TEMPLATE).render({"post": post, "label": label, "is_member": is_member})


@register.simple_tag
def post_list(posts, *, label: str = "post", is_member: bool = False):
    """The posts' HTML in order: posts from discussions.selectors.posts_for_reader (with the author's
    `author_display_name`), marked by marked_for_reader (`.mine` and `.waiting_reasons`)."""
    posts = list(posts)
    keys = fragment_keys(posts, label=label, is_member=is_member)
    cached = cache.get_many(keys) if keys else {}
    fresh = {}
    fragments = []
    for post, key in zip(posts, keys, strict=True):
        html = cached.get(key)
        if html is None:
            html = fresh[key] = _render(post, label=label, is_member=is_member)
        fragments.append(html)
    if fresh:
        cache.set_many(fresh, FRAGMENT_SECONDS)
    return format_html_join("", "{}", ((html,) for html in fragments))
