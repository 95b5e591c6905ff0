"""What the consultation rows of `make bench` and bench/concurrency.py share: the demo consultation,
a valid set of answers built from its questions, and a small cookie-keeping HTTP client.

The Django helpers need django.setup() with forum_site.settings.bench first; the HTTP helpers do not.
"""

from __future__ import annotations

import http.client
import re
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

# The open demo consultation (consultations/demo_content.py): 15 questions, anonymous responses allowed.
CONSULTATION_SLUG = "semh-autism-pathway"
CONSULTATION_PATH = f"/consultations/{CONSULTATION_SLUG}/"
RESPOND_PATH = CONSULTATION_PATH + "respond/"
CONSULTATION_QUESTIONS = 15
# The demo parent (forum_site/accounts/demo.py).
PARENT_EMAIL = "parent@example.org"
PARENT_PASSWORD = "Northfield-demo-2026"

HTTP_TIMEOUT_S = 30
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"')
DONE_LOCATION = re.compile(r"/respond/done/([^/]+)/$")


class FixtureError(Exception):
    """The demo data is not what the bench expects; the message says what."""


# --- Django side (after django.setup()) ---------------------------------------------------------


def consultation():
    """The live demo consultation page, checked to be open, anonymous-friendly and 15 questions long."""
    from consultations.models import ConsultationPage

    page = ConsultationPage.objects.live().filter(slug=CONSULTATION_SLUG).first()
    if page is None:
        raise FixtureError(f"no live consultation with slug {CONSULTATION_SLUG!r}: did load_demo_data run?")
    if not page.is_open or not page.allow_anonymous:
        raise FixtureError(f"{CONSULTATION_PATH} must be open and allow anonymous responses.")
    if len(page.question_list) != CONSULTATION_QUESTIONS:
        raise FixtureError(
            f"{CONSULTATION_PATH} has {len(page.question_list)} questions, expected {CONSULTATION_QUESTIONS}."
        )
    return page


def answer_fields(page) -> list[tuple[str, str]]:
    """Form fields answering every question validly (repeated names for multiple choice).

    Closed questions get their first option(s) other than "Other"; text questions a short sentence.
    No idempotency key, CSRF token or email address: callers add the first two.
    """
    fields: list[tuple[str, str]] = []
    for question in page.question_list:
        if question.is_text:
            fields.append((question.field_name, f"Benchmark answer to question {question.number}."))
            continue
        options = [c for c in question.choices if c != "Other"]
        if not options:
            raise FixtureError(f"question {question.number} of {CONSULTATION_PATH} has no options to choose.")
        picked = options[:2] if question.kind == "multiple_choice" else options[:1]
        fields.extend((question.field_name, option) for option in picked)
    fields.append(("consent_quote", "on"))
    return fields


def submitted_responses(page) -> int:
    from consultations.models import Response, ResponseStatus

    return Response.objects.filter(consultation=page, status=ResponseStatus.SUBMITTED).count()


# --- HTTP side (http.client, loopback) ----------------------------------------------------------


@dataclass
class HttpResult:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class Browser:
    """One visitor: keeps its cookies (Secure ones too: the bench serves plain http on loopback)."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> HttpResult:
        headers = {"User-Agent": "forum-site-bench", "Host": f"{self.host}:{self.port}"}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT_S)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            result = HttpResult(response.status, response.getheaders(), response.read().decode("utf-8", "replace"))
        finally:
            connection.close()
        for key, value in result.headers:
            if key.lower() == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return result

    def get_form(self, path: str) -> str:
        """GETs a form page; returns its CSRF token (the cookie half is now in self.cookies)."""
        page = self.request("GET", path)
        if page.status != 200:
            raise FixtureError(f"GET {path} answered HTTP {page.status}, expected 200.")
        token = csrf_token(page.body)
        if not token:
            raise FixtureError(f"GET {path}: no csrfmiddlewaretoken in the form.")
        return token


def csrf_token(html: str) -> str | None:
    """The masked CSRF token of the first form in the page."""
    match = _CSRF_INPUT.search(html)
    return (match[1] or match[2]) if match else None


def reference_from(result: HttpResult) -> str | None:
    """The response reference from a successful submit's redirect, or None."""
    location = result.header("Location") or ""
    match = DONE_LOCATION.search(urllib.parse.urlsplit(location).path)
    return match[1] if result.status == 302 and match else None
