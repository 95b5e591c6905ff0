"""{% follow_button target %}: follow or stop following a followable thing (at most one query).

A page whose view already knows whether the reader is a verified, active member says so, and the query
then reads only the follow: {% follow_button topic member=is_member %}. `noun` names the thing in
"You are following this board" (default: the model's verbose name)."""

from __future__ import annotations

from django import template

from .. import selectors
from ..models import Frequency

register = template.Library()

# "We email you ..." for a follower, by how often they chose.
HOW_OFTEN = {Frequency.IMMEDIATE: "each time there is news", Frequency.DAILY: "once a day, in a daily digest"}


@register.inclusion_tag("components/follow_button.html", takes_context=True)
def follow_button(context, target, member=None, noun=""):
    """Visitors: a "Sign in to follow" link (no query). Signed in: one query for "verified member?" and
    "following, how often?", then the form. Nothing at all for something that cannot be followed."""
    if not selectors.is_followable(target):
        return {"state": ""}
    request = context.get("request")
    user = getattr(request, "user", None)
    base = {
        "target_title": str(target),
        "noun": noun or selectors.target_model(target)._meta.verbose_name,
        "label": selectors.target_label(target),
        "object_id": target.pk,
        "next": request.get_full_path() if request else "",
        "frequencies": Frequency.choices,
    }
    if user is None or not user.is_authenticated:
        return {**base, "state": "visitor"}
    state = selectors.follow_state(user=user, target=target, member=member)
    if not state.can_follow:
        return {**base, "state": "unverified"}
    return {
        **base,
        "state": "member",
        "frequency": state.frequency,
        "how_often": HOW_OFTEN.get(state.frequency, ""),
    }
