"""One page cache with areas (forum_site/core/cache.py): one way to opt in for Wagtail pages, plain and
routable alike (AnonymousCacheMixin through Wagtail's on_serve_page hook), one decorator for plain
views, and per-area versions retired by signals only: a forum reply retires forum pages and nothing
else, a tracker change the tracker's, a page publish its own areas, a structural change everything."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum_site.core import cache as page_cache
from forum_site.moderation import services
from tests.apps.questions.models import Question, Subject

pytestmark = pytest.mark.django_db


def state(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get("X-Page-Cache", "none")


def warm(client, urls) -> None:
    for url in urls:
        state(client, url)
        assert state(client, url) == "hit", url


@pytest.fixture
def pages(home_page, board, topic, consultation, consultation_index, tracker_index, review, make_recommendation):
    rec = make_recommendation()
    return {
        "home": home_page.url,
        "board": board.url,
        "topic": topic.get_absolute_url(),
        "consultation": consultation.url,
        "consultations": consultation_index.url,
        "tracker": tracker_index.url,
        "tracker list": tracker_index.url + tracker_index.reverse_subpage("recommendation-list"),
        "recommendation": tracker_index.url + tracker_index.reverse_subpage("recommendation-detail", args=[rec.pk]),
        "review": review.url,
        "api": reverse("recommendations:api-recommendation-list"),
        "_rec": rec,
    }


def urls(pages, *names):
    return [pages[n] for n in names]


ALL = (
    "home",
    "board",
    "topic",
    "consultation",
    "consultations",
    "tracker",
    "tracker list",
    "recommendation",
    "review",
    "api",
)


def test_every_opted_in_page_is_cached_routable_sub_urls_included(client, pages):
    """The tracker's pages are routable with the mixin after RoutablePageMixin's serve: cached now."""
    for url in urls(pages, *ALL):
        assert state(client, url) == "miss", url
        with CaptureQueriesContext(connection) as ctx:
            assert state(client, url) == "hit", url
        assert len(ctx.captured_queries) == 0, url


def test_a_forum_reply_retires_forum_pages_only(client, pages, topic, member):
    warm(client, urls(pages, *ALL))
    services.post_submit(thread=topic.thread, author=member, body="A new reply.")
    assert {name: state(client, pages[name]) for name in ALL} == {
        name: ("miss" if name in ("board", "topic") else "hit") for name in ALL
    }


def test_a_tracker_change_retires_tracker_pages_only(client, pages):
    warm(client, urls(pages, *ALL))
    rec = pages["_rec"]
    rec.title = "Publish waiting times every month"
    rec.save()
    tracker = {"tracker", "tracker list", "recommendation", "review", "api"}
    assert {name: state(client, pages[name]) for name in ALL} == {
        name: ("miss" if name in tracker else "hit") for name in ALL
    }


def test_a_consultation_publish_retires_consultation_pages_and_the_front_page(client, pages, consultation):
    warm(client, urls(pages, *ALL))
    consultation.summary = "A new summary."
    consultation.save_revision().publish()
    retired = {"home", "consultation", "consultations"}
    assert {name: state(client, pages[name]) for name in ALL} == {
        name: ("miss" if name in retired else "hit") for name in ALL
    }


def test_a_page_in_the_menus_or_a_structural_change_retires_everything(client, pages, board, make_board):
    warm(client, urls(pages, *ALL))
    board.show_in_menus = True
    board.save_revision().publish()
    assert {state(client, url) for url in urls(pages, *ALL)} == {"miss"}
    other = make_board(title="Short-lived", slug="short-lived")
    warm(client, urls(pages, *ALL))
    other.unpublish()
    assert {state(client, url) for url in urls(pages, *ALL)} == {"miss"}


def test_personal_routes_are_not_cached(client, consultation):
    respond = consultation.url + consultation.reverse_subpage("respond")
    assert state(client, respond) == "none"
    assert state(client, respond) == "none"


def test_a_change_during_rendering_retires_the_entry_it_stores(client, pages, monkeypatch):
    """Versions are read before the page is built: a reply published while it renders is never hidden."""
    from forum_site.discussions import views

    render = views.topic_list

    def topic_list_then_a_reply_lands(request, board):
        response = render(request, board)
        page_cache.area_changed("forum")
        return response

    monkeypatch.setattr(views, "topic_list", topic_list_then_a_reply_lands)
    assert state(client, pages["board"]) == "miss"
    monkeypatch.setattr(views, "topic_list", render)
    assert state(client, pages["board"]) == "miss"  # the entry stored was already stale
    assert state(client, pages["board"]) == "hit"


def test_unknown_areas_are_refused():
    with pytest.raises(ValueError, match="Unknown cache area"):
        page_cache.area_changed("everything")
    with pytest.raises(ValueError, match="Unknown cache area"):
        page_cache.cached_for_visitors(areas=("nope",), seconds=10)


def test_the_mechanism_on_a_content_type_it_was_not_written_for(client, pages, member):
    """The test-only questions app opts its page in with the decorator under its owner's area; a comment
    on a question retires that area through moderation's signals, and the forum's pages stay cached."""
    question = Question.objects.create(subject=Subject.objects.create(title="Transport"), title="Taxis?")
    url = question.get_absolute_url()
    warm(client, [url, *urls(pages, "board", "topic")])
    services.post_submit(thread=services.thread_for(question), author=member, body="Ours is late.")
    assert state(client, url) == "miss"
    assert "Ours is late." in client.get(url).content.decode()
    assert state(client, pages["board"]) == state(client, pages["topic"]) == "hit"


def test_a_chosen_quote_and_a_pinned_topic_retire_their_areas(client, pages, consultation, topic, organiser):
    import uuid

    from django.utils import timezone

    from consultations.models import Answer, Response, ResponseStatus
    from consultations.services import quote_toggle
    from forum_site.discussions.services import topic_pin_set
    from tests.consultations.conftest import questions_by_key

    now = timezone.now()
    response = Response.objects.create(
        consultation=consultation,
        status=ResponseStatus.SUBMITTED,
        reference=f"T-{uuid.uuid4().hex[:12]}",
        idempotency_key=uuid.uuid4(),
        submitted_at=now,
        submitted_on=timezone.localdate(now),
        consent_quote=True,
    )
    answer = Answer.objects.create(
        response=response,
        consultation=consultation,
        counted=True,
        question_id=questions_by_key(consultation)["story"].id,
        value_text="Our story.",
    )
    warm(client, urls(pages, *ALL))
    quote_toggle(answer=answer, selected=True)
    assert state(client, pages["consultation"]) == "miss" and state(client, pages["board"]) == "hit"
    topic_pin_set(topic=topic, moderator=organiser, pinned=True)
    assert state(client, pages["board"]) == "miss" and state(client, pages["tracker"]) == "hit"
