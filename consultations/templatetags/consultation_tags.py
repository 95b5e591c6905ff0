from __future__ import annotations

from django import template
from django.utils import timezone

from forum_site.core.charts import Bar, bar_chart_context

from ..selectors import suppress

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def suppressed(count: int) -> str:
    return suppress(count)


@register.filter(name="when")
def _when(moment) -> str:
    """ "3 May 2026, 5:00pm" in UK time."""
    local = timezone.localtime(moment)  # Europe/London
    return f"{local:%-d %B %Y}, {local:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")


@register.simple_tag
def consultation_dates(page) -> str:
    now = timezone.now()
    state = page.state_at(now)
    if state == "upcoming":
        return f"Opens {_when(page.opens_at)} (UK time); closes {_when(page.closes_at)}"
    if state == "closed":
        return f"Closed {_when(page.closes_at)}"
    days = (timezone.localtime(page.closes_at).date() - timezone.localtime(now).date()).days
    left = "closes today" if days <= 0 else ("1 day left" if days == 1 else f"{days} days left")
    return f"Closes {_when(page.closes_at)} (UK time): {left}"


@register.simple_tag
def consultation_responding(page, user) -> str:
    """Who can respond, in the tense of the consultation's state ("" once it has closed: nobody can)."""
    state = page.state_at(timezone.now())
    if state == "closed":
        return ""
    member = user is not None and user.is_authenticated
    if page.allow_anonymous:
        who = "you can respond with or without an account"
    elif member:
        who = "you can respond as a member (you are signed in)"
    else:
        who = "only members can respond, so sign in first"
    return f"When it opens, {who}." if state == "upcoming" else f"{who[0].upper()}{who[1:]}."


@register.inclusion_tag("components/bar_chart.html")
def bar_chart(rows, published: bool = False, title: str = "Bar chart of the answers; the numbers are in the table"):
    bars = []
    for row in rows:
        hidden = published and row.hidden
        text = row.published_count if hidden else f"{row.count} ({row.percent}%)"
        bars.append(Bar(label=row.label, value=0 if hidden else row.count, text=text))
    return bar_chart_context(bars, title)


@register.inclusion_tag("components/bar_chart.html")
def responses_over_time_chart(over_time):
    """Responses per week as bars, empty weeks too (the table beside it has the same numbers)."""
    bars = [Bar(label=f"Week starting {week:%-d %b %Y}", value=n, text=f"{n:,}") for week, n in over_time]
    return bar_chart_context(bars, "Bar chart of responses per week; the numbers are in the table")
