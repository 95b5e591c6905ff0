"""The baseline the benchmark compares every page with."""

from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    """A fixed short response: no database, no templates, just Django's request cycle."""
    return HttpResponse("ok", content_type="text/plain")
