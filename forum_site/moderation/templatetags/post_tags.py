"""{% post_list posts label="post" is_member=is_member %}: a topic's replies or a page's comments.

Each post is rendered with components/post.html. A long topic page shows 50 of them, and rendering the
template 50 times is most of a signed-in reader's request, so the HTML of other members' posts is kept in
the cache. The key is a digest of everything the fragment shows (the post's text, state, dates, author
name, whether the reader may report it, the template's own source and the active time zone, language and
URL prefix, and for the reader's own posts their edit links and "waiting for a moderator" reasons): an
edit, a moderation action, a renamed author or a new template gives a new key, so a fragment can never be
stale and nothing needs invalidating.

The cached value is the rendered template (autoescaped, member text through the one sanitiser); it is
joined with format_html_join, so anything the cache returned that is not already safe HTML is escaped.
"""

from __future__ import annotations

import functools
import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.html import format_html_join

register = template.Library()

POST_TEMPLATE = "components/post.html"
FRAGMENT_SECONDS = 24 * 60 * 60


@functools.cache
def _template_digest(name: str) -> str:
    """The template's source, so that a deploy with a changed template never serves old fragments."""
    return hashlib.blake2b(get_template(name).template.source.encode(), digest_size=8).hexdigest()


def fragment_keys(posts, *, label: str, is_member: bool) -> list[str]:
    """The cache key of each post's HTML: a digest of everything the fragment shows."""
    shared = (  # the same for every post of the list
        _template_digest(POST_TEMPLATE),
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
