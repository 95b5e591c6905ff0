from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import is_staff_role, totp_created_at

ADMIN_PREFIX = "/admin/"
# allauth's own pages (the second-factor step, set-up, sign-out) and files: never held back.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/")

PASSED, ASK_CODE, SET_UP = "passed", "ask-code", "set-up"


def second_factor_state(request) -> str:
    """Whether this session (not merely this user) has passed a second factor.

    allauth records each step a session passed, with its time. Passed: a TOTP or recovery code was
    accepted at sign-in or since, or the authenticator was set up after this session signed in (setting
    it up means typing a valid code from it). A session with no records (signed in some other way) has
    passed nothing.
    """
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return PASSED
    created = totp_created_at(request.user)
    if created is None:
        return SET_UP
    signed_in_at = min((record["at"] for record in records if isinstance(record.get("at"), (int, float))), default=None)
    if signed_in_at is not None and created.timestamp() >= signed_in_at:
        return PASSED
    return ASK_CODE


def _is_staff(request) -> bool:
    if request.path.startswith(ADMIN_PREFIX):
        return is_staff_role(request.user)  # the permission Wagtail itself checks
    # Outside the admin the flag kept in step with the staff roles (accounts/signals.py) is enough, so
    # members' pages pay no permission query.
    return request.user.is_staff or request.user.is_superuser


class StaffMFAMiddleware:
    """A staff session must have passed the second factor before any admin URL, export or staff view.

    Not "the user has an authenticator": a session signed in some other way (an old session, a login
    route that skipped allauth) is sent to the code step first; a staff member without an authenticator
    is sent to set one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not settings.STAFF_MFA_REQUIRED
            or not user.is_authenticated
            or request.path.startswith(EXEMPT_PREFIXES)
            or not _is_staff(request)
        ):
            return self.get_response(request)
        state = second_factor_state(request)
        if state == PASSED:
            return self.get_response(request)
        if state == ASK_CODE:
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        messages.warning(
            request,
            "Staff accounts must use two-factor authentication. Set up an authenticator app to continue.",
        )
        return redirect("mfa_activate_totp")
