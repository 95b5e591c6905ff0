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

# The open demo consultation (forum_site/demo/content/consultations.py): 15 questions, anonymous responses allowed.
CONSULTATION_SLUG = "semh-autism-pathway"
CONSULTATION_PATH = f"/consultations/{CONSULTATION_SLUG}/"
RESPOND_PATH = CONSULTATION_PATH + "respond/"
CONSULTATION_QUESTIONS = 15
# The demo parent (forum_site/demo/accounts.py).
PARENT_EMAIL = "parent@example.org"
PARENT_PASSWORD = "Northfield-demo-2026"

HTTP_TIMEOUT_S = 30
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"')
_KEY_INPUT = re.compile(r'name="idempotency_key"\s+value="([^"]+)"|value="([^"]+)"\s+name="idempotency_key"')
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


def idempotency_key(html: str) -> str | None:
    """The response form's idempotency key (signed for the browser that fetched the form)."""
    match = _KEY_INPUT.search(html)
    return (match[1] or match[2]) if match else None


def reference_from(result: HttpResult) -> str | None:
    """The response reference from a successful submit's redirect, or None."""
    location = result.header("Location") or ""
    match = DONE_LOCATION.search(urllib.parse.urlsplit(location).path)
    return match[1] if result.status == 302 and match else None


# --- The recommendations tracker rows (their data is built here, in the bench's throwaway database) ------

# The demo scrutiny member (forum_site/demo/accounts.py) for the signed-in tracker row; every demo
# account has the same password (PARENT_PASSWORD).
SCRUTINY_EMAIL = "scrutiny@example.org"
TRACKER_SLUG = "tracker"
TRACKER_REVIEWS = 20
TRACKER_RECOMMENDATIONS = 500
# Filtered: agreed recommendations with an amber RAG rating (about a third of them), 50 to a page.
TRACKER_LIST_PATH = f"/{TRACKER_SLUG}/recommendations/?response=agreed&rag=amber"


def tracker_load(*, reviews: int = TRACKER_REVIEWS, recommendations: int = TRACKER_RECOMMENDATIONS) -> int:
    """`recommendations` recommendations over `reviews` bench reviews under the tracker at /tracker/.

    Uses the demo's tracker index when there is one (it must be at /tracker/), or creates it.
    Each recommendation gets a theme, two implementation updates and the copies of the latest one.
    Returns the number of recommendations the bench reviews hold.
    """
    import datetime
    import itertools

    from django.db import transaction

    from forum_site.home.models import HomePage
    from recommendations.models import (
        ImplementationUpdate,
        Rag,
        Recommendation,
        ResponseDecision,
        ScrutinyReviewPage,
        Theme,
        TrackerIndexPage,
    )

    home = HomePage.objects.live().first()
    if home is None:
        raise FixtureError("no live home page: did load_demo_data run?")
    index = TrackerIndexPage.objects.first()
    if index is None:
        index = TrackerIndexPage(title="Recommendations tracker", slug=TRACKER_SLUG)
        home.add_child(instance=index)
        index.save_revision().publish()
    if index.slug != TRACKER_SLUG or not index.live:
        raise FixtureError(f"the tracker index must be live at /{TRACKER_SLUG}/ (it is {index.url_path!r}).")
    responses = itertools.cycle(
        [ResponseDecision.AGREED, ResponseDecision.PARTIALLY_AGREED, ResponseDecision.AGREED, ResponseDecision.REJECTED]
    )
    rags = itertools.cycle([Rag.AMBER, Rag.GREEN, Rag.RED])
    statuses = itertools.cycle(["on_track", "at_risk", "slipped", "not_started"])
    with transaction.atomic():
        themes = [
            Theme.objects.get_or_create(slug=f"bench-{name.lower()}", defaults={"name": f"Bench {name}"})[0]
            for name in ("SEMH", "Autism", "Exclusions", "Timeliness")
        ]
        pages = []
        for n in range(reviews):
            review = ScrutinyReviewPage(
                title=f"Bench review {n + 1}",
                slug=f"bench-review-{n + 1}",
                panel="Children and Young People Scrutiny Panel",
                scope="Benchmark review.",
                adopted_on=datetime.date(2025, 1, 10) + datetime.timedelta(days=15 * n),
            )
            index.add_child(instance=review)
            review.save_revision().publish()
            pages.append(review)
        made = Recommendation.objects.bulk_create(
            Recommendation(
                review=pages[n % reviews],
                reference=str(n // reviews + 1),
                position=n // reviews + 1,
                title=f"Bench recommendation {n + 1}: publish EHC plan timeliness every month",
                text="The council should publish EHC plan timeliness every month, by school phase. " * 4,
                response=next(responses),
                response_reasons="Agreed in principle; funding is being identified.",
                lead_officer_name="Head of SEND",
                target_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 400),
                status=next(statuses),
                rag=next(rags),
                percent_complete=n % 100,
                revised_target_date=datetime.date(2027, 3, 31),
                last_update_on=datetime.date(2026, 6, 1),
            )
            for n in range(recommendations)
        )
        if made[0].pk is None:  # a database that does not return ids from bulk_create
            made = list(Recommendation.objects.filter(review__in=pages))
        through = Recommendation.themes.through
        through.objects.bulk_create([through(recommendation=r, theme=themes[r.pk % len(themes)]) for r in made])
        ImplementationUpdate.objects.bulk_create(
            [
                ImplementationUpdate(
                    recommendation=r,
                    date=date,
                    status=r.status,
                    rag=r.rag,
                    percent_complete=r.percent_complete,
                    narrative="Progress reported to the panel. " * 5,
                    revised_target_date=r.revised_target_date,
                    slip_reason="Recruitment delays.",
                )
                for r in made
                for date in (datetime.date(2026, 3, 1), datetime.date(2026, 6, 1))
            ],
            batch_size=2000,
        )
    return Recommendation.objects.filter(review__in=pages).count()


# --- The forum rows: a topic with 200 replies (issue 4) --------------------------------------------

FORUM_BOARD_PATH = "/forum/ehc-plans/"
FORUM_TOPIC_ID = 100_000  # a fixed id, so the path is known before the data exists
FORUM_TOPIC_PATH = f"{FORUM_BOARD_PATH}topics/{FORUM_TOPIC_ID}/"
FORUM_REPLIES = 200


def forum_load(*, replies: int = FORUM_REPLIES) -> str:
    """A published topic with `replies` published replies on the demo "EHC plans" board; returns its path."""
    import datetime

    from django.utils import timezone

    from forum_site.accounts.models import User
    from forum_site.discussions.models import BoardPage, Topic
    from forum_site.discussions.owners import topic_counters_refresh
    from forum_site.moderation.models import Post, PostState, Thread

    board = BoardPage.objects.live().filter(url_path__endswith="/forum/ehc-plans/").first()
    if board is None:
        raise FixtureError(f"no live board at {FORUM_BOARD_PATH}: did load_demo_data run?")
    if Topic.objects.filter(pk=FORUM_TOPIC_ID).exists():
        return FORUM_TOPIC_PATH
    writers = list(User.objects.filter(email__in=[PARENT_EMAIL, "river.mum@example.org", "kestrel@example.org"]))
    if not writers:
        raise FixtureError("the demo members are missing: did load_demo_data run?")
    start = timezone.now() - datetime.timedelta(days=20)
    thread = Thread.objects.create()
    topic = Topic.objects.create(
        pk=FORUM_TOPIC_ID, board=board, title="A long conversation about annual reviews", thread=thread
    )
    paragraph = (
        "Our annual review was moved twice and the amended plan still has not arrived. The school has been "
        "supportive, and we have asked for section F to say who delivers the therapy and how often. "
        "More at https://www.ipsea.org.uk if you need the legal test."
    )
    posts = [
        Post(
            thread=thread,
            author=writers[i % len(writers)],
            body=f"Reply {i}. {paragraph}\n\nThank you all.",
            state=PostState.PUBLISHED,
            is_opening=i == 0,
            created_at=start + datetime.timedelta(minutes=30 * i),
            published_at=start + datetime.timedelta(minutes=30 * i),
        )
        for i in range(replies + 1)
    ]
    Post.objects.bulk_create(posts)
    topic.opening_post = Post.objects.get(thread=thread, is_opening=True)
    topic.save(update_fields=["opening_post"])
    topic_counters_refresh(thread)
    return FORUM_TOPIC_PATH
