from __future__ import annotations

import re

from csp.constants import UNSAFE_INLINE
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string


class AdminStylePolicyMiddleware:
    """The Wagtail admin sets inline styles; allow them there (styles only, never scripts).

    Listed after CSPMiddleware so it runs first on the way out and CSPMiddleware merges the update.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response


# C0 control characters and DEL. NUL in a query reached PostgreSQL and gave a 500; the others are never
# part of anything a person types into a search box. Tab, CR and LF become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE_CONTROL = re.compile(r"[\t\r\n]")
# Far longer than any link of ours (every filter of the tracker at once is under 1,000 characters), and
# the request-line limit of common proxies (nginx: 8 KB).
MAX_QUERY_STRING = 8_192


def _clean(value: str) -> str:
    return _WHITESPACE_CONTROL.sub(" ", _CONTROL.sub("", value))


class RequestHygieneMiddleware:
    """Hostile addresses get a plain answer, never a 500, before any view or cache sees them.

    - control characters in GET parameters (names and values) are removed, so every search and filter
      sees clean text; in the path they cannot name any page: 400;
    - a query string longer than MAX_QUERY_STRING: 400 (a 100,000-character ?q= cost every search);
    - every response says the site uses no camera, microphone, location, payment or USB
      (Permissions-Policy), so nothing embedded in a page can ask for them either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            response = _bad_request(request, "This web address is too long. Go back and try a shorter search.")
        elif _CONTROL.search(request.path):
            response = _bad_request(request, "This web address contains characters we cannot read.")
        else:
            if any(
                _CONTROL.search(key) or any(_CONTROL.search(v) for v in values) for key, values in request.GET.lists()
            ):
                cleaned = QueryDict(mutable=True)
                for key, values in request.GET.lists():
                    cleaned.setlist(_clean(key), [_clean(v) for v in values])
                cleaned._mutable = False
                request.GET = cleaned
            response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def _bad_request(request, message: str) -> HttpResponse:
    """A page that needs nothing but the request: no database, no cache, no session."""
    html = render_to_string("400.html", {"message": message})
    return HttpResponseBadRequest(html)
