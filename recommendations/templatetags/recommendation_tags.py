from __future__ import annotations

from django import template

from forum_site.core.charts import Bar, bar_chart_context

from .. import selectors

register = template.Library()


# GOV.UK tag colours for a recommendation's states. The colour only echoes the tag's words, which always say
# the state ("RAG: Amber", "Overdue"): nothing is told by colour alone.
TAG_COLOURS = {
    "response": {"agreed": "green", "partially_agreed": "turquoise", "rejected": "orange", "awaiting": "grey"},
    "status": {
        "not_started": "grey",
        "on_track": "green",
        "at_risk": "yellow",
        "slipped": "orange",
        "completed": "blue",
    },
    "rag": {"red": "red", "amber": "yellow", "green": "green"},
}


@register.filter
def tag_colour(value, kind: str) -> str:
    """`{{ recommendation.rag|tag_colour:"rag" }}` -> "govuk-tag--yellow" (or "" for an unknown value)."""
    colour = TAG_COLOURS.get(kind, {}).get(value)
    return f"govuk-tag--{colour}" if colour else ""


def _bars(tallies) -> list[Bar]:
    return [Bar(label=t.label, value=t.count, text=str(t.count)) for t in tallies]


@register.inclusion_tag("components/bar_chart.html")
def tally_chart(tallies, title: str):
    """A bar per tally (responses, or open recommendations by status); the same numbers go in a table beside it."""
    return bar_chart_context(_bars(tallies), title)


@register.filter
def evidence_urls(links) -> list[str]:
    """Only http(s) links; the template escapes them like any other text."""
    return selectors.evidence_urls(links)
