from __future__ import annotations

from django import template

from forum_site.core.charts import Bar, bar_chart_context

from .. import selectors

register = template.Library()


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


@register.simple_tag
def page_query(query: str, number: int) -> str:
    """?<filters>&page=<n> for pagination links (the template escapes it)."""
    return f"?{query}&page={number}" if query else f"?page={number}"
