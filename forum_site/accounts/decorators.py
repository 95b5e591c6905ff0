from __future__ import annotations

from functools import wraps

from allauth.account.decorators import verified_email_required
from django.core.exceptions import PermissionDenied

from .permissions import can_act_as_member


def member_required(view_func):
    """For anything a member does as a member (respond, post, reply, report, follow).

    Visitors are sent to sign in; a member whose email address is not verified is told to
    verify it (allauth resends the link and shows account/verified_email_required.html).
    """

    @verified_email_required
    @wraps(view_func)
    def wrapped(request, *args, **kwargs):
        if not can_act_as_member(request.user):
            raise PermissionDenied
        return view_func(request, *args, **kwargs)

    return wrapped
