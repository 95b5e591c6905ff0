from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from .permissions import has_mfa, is_staff_role

ADMIN_PREFIX = "/admin/"


class StaffMFAMiddleware:
    """Staff must set up two-factor authentication before they reach the Wagtail admin.

    allauth asks for the code at every sign-in once an authenticator exists, and the admin's
    own login page redirects to allauth's, so every admin session has passed MFA.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith(ADMIN_PREFIX)
            and is_staff_role(request.user)
            and not has_mfa(request.user)
        ):
            messages.warning(
                request,
                "Staff accounts must use two-factor authentication. Set up an authenticator app to continue to the admin.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
