"""Every URL of the project and of the packages it includes, for tests that must cover them all.

`every_url()` reverses every named URL pattern, filling path converters with sample values, so a view
added later by us or by a package upgrade is walked without editing the tests that use it.
"""

from __future__ import annotations

import uuid

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x/", "uuid": str(uuid.uuid4())}


def _names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _sample_kwargs(entry: URLPattern):
    converters = getattr(entry.pattern, "converters", {}) or {}
    return {
        name: SAMPLES.get(type(conv).__name__.removesuffix("Converter").lower(), "1")
        for name, conv in converters.items()
    }


def every_url() -> list[str]:
    """One concrete URL per named pattern that can be reversed with sample values (plus the page tree's root)."""
    urls = {"/"}
    for name, entry in _names(get_resolver().url_patterns):
        kwargs = _sample_kwargs(entry)
        for attempt in (kwargs, {}):
            try:
                urls.add(reverse(name, kwargs=attempt) if attempt else reverse(name))
                break
            except NoReverseMatch:
                continue
    return sorted(urls)
