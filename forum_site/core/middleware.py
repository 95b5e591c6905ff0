from __future__ import annotations

from csp.constants import UNSAFE_INLINE


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
