"""Remembered routes (forum_site/core/routing.py): one read of the page instead of Wagtail's walk down the
tree, and never a stale answer after a page is published, unpublished, renamed, moved or made private,
or a site changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from forum_site.core import routing
from tests.conftest import sign_in
from tests.discussions.conftest import topic_url

pytestmark = pytest.mark.django_db


def _get(client, url):
    """The response and the SQL it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [query["sql"] for query in captured.captured_queries]


def _walked(sql) -> bool:
    """Wagtail's own routing starts by finding the site for the host."""
    return any('FROM "wagtailcore_site"' in query for query in sql)


@pytest.fixture
def reader(client, parent):
    sign_in(client, parent)  # signed in: the anonymous page cache does not answer first
    return parent


def test_the_second_request_skips_the_walk(client, reader, board):
    first, walked = _get(client, board.url)
    second, remembered = _get(client, board.url)
    assert first.status_code == second.status_code == 200
    assert board.title in second.content.decode()
    assert _walked(walked) and not _walked(remembered)
    # The walk: the site, then each page on the way and its specific type. Remembered: the board alone
    # (Wagtail's privacy check still reads the ancestors, on every request, as before).
    assert len(remembered) <= len(walked) - 3, (len(walked), len(remembered))


def test_a_routable_pages_sub_url_is_remembered_too(client, reader, topic):
    assert client.get(topic_url(topic)).status_code == 200
    response, sql = _get(client, topic_url(topic))
    assert response.status_code == 200 and topic.title in response.content.decode() and not _walked(sql)
    missing, _ = _get(client, topic.board.url + "topics/999999/")
    assert missing.status_code == 404


def test_a_published_change_shows_at_once(client, reader, board):
    client.get(board.url)
    board.title = "EHC needs assessments"
    board.save_revision().publish()
    assert "EHC needs assessments" in client.get(board.url).content.decode()


def test_a_draft_is_not_served(client, reader, board):
    client.get(board.url)
    board.title = "Not yet"
    board.save_revision()  # saved, not published
    body = client.get(board.url).content.decode()
    assert "Not yet" not in body and "EHC plans" in body


def test_an_unpublished_page_is_gone_at_once(client, reader, board):
    assert client.get(board.url).status_code == 200
    url = board.url
    board.unpublish()
    assert client.get(url).status_code == 404


def test_a_renamed_page_moves_at_once(client, reader, board):
    old_url = board.url
    assert client.get(old_url).status_code == 200
    board.slug = "plans-and-reviews"
    board.save_revision().publish()
    board.refresh_from_db()
    old = client.get(old_url)
    assert old.status_code == 404 or (old.status_code == 301 and old["Location"] == board.url)  # Wagtail's redirect
    assert client.get(board.url).status_code == 200 and board.url.endswith("/plans-and-reviews/")


def test_a_moved_page_moves_at_once(client, reader, make_board, home_page):
    board = make_board()
    old_url = board.url
    assert client.get(old_url).status_code == 200
    board.move(home_page, pos="last-child")
    board.refresh_from_db()
    old = client.get(old_url)
    assert old.status_code == 404 or (old.status_code == 301 and old["Location"] == board.url)  # Wagtail's redirect
    assert client.get(board.url).status_code == 200 and board.url != old_url


def test_a_deleted_page_is_gone_at_once(client, reader, board):
    url = board.url
    assert client.get(url).status_code == 200
    board.delete()
    assert client.get(url).status_code == 404


def test_privacy_still_applies_to_a_remembered_route(client, reader, board):
    assert client.get(board.url).status_code == 200
    PageViewRestriction.objects.create(page=board, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    response = client.get(board.url)
    assert response.status_code == 200 and 'name="password"' in response.content.decode()
    assert board.description not in response.content.decode()


def test_a_site_change_forgets_every_route(client, reader, board):
    client.get(board.url)
    assert not _walked(_get(client, board.url)[1])
    site = Site.objects.get(is_default_site=True)
    site.site_name = "SEND forum"
    site.save()
    assert _walked(_get(client, board.url)[1])


def test_a_missing_page_is_not_remembered(client, reader, home_page):
    assert client.get("/no-such-page/").status_code == 404
    response, sql = _get(client, "/no-such-page/")
    assert response.status_code == 404 and _walked(sql)


def _site_values():
    site = Site.objects.get(is_default_site=True)
    return tuple(getattr(site, name) for name in routing.SITE_FIELDS)


@pytest.mark.parametrize(
    "entry",
    [
        "gone",  # a page that no longer exists (a cache that outlived it)
        "moved",  # a page that is no longer at this URL (its routes version was not bumped)
        "garbage",  # an entry this code cannot read (another release wrote it)
        "unknown type",  # a content type with no model any more
    ],
)
def test_a_remembered_route_that_does_not_fit_falls_back_to_the_walk(client, reader, board, make_board, entry):
    other = make_board()
    request = RequestFactory().get(board.url, HTTP_HOST="localhost")
    path = board.url.lstrip("/")
    key = routing._key(request, path)
    value = {
        "gone": (_site_values(), 987654, board.content_type_id, board.url_path, 2),
        "moved": (_site_values(), other.pk, other.content_type_id, board.url_path, 2),
        "garbage": ("not", "a", "route"),
        "unknown type": (_site_values(), board.pk, 987654, board.url_path, 2),
    }[entry]
    cache.set(key, value, routing.ROUTE_SECONDS)
    response, sql = _get(client, board.url)
    assert response.status_code == 200 and board.title in response.content.decode() and _walked(sql)
    assert other.title not in response.content.decode().split("<main")[-1]


def test_a_made_up_sub_url_is_not_remembered(client, reader, topic):
    """A routable page answers any topics/<number>/ URL; only those that exist are remembered."""
    missing = topic.board.url + "topics/987654/"
    assert client.get(missing).status_code == 404
    response, sql = _get(client, missing)
    assert response.status_code == 404 and _walked(sql)


def test_a_reply_or_moderation_action_keeps_the_routes(client, reader, topic, member):
    from forum_site.moderation import services

    client.get(topic_url(topic))
    services.post_submit(thread=topic.thread, author=member, body="A new reply")
    response, sql = _get(client, topic_url(topic))
    assert "A new reply" in response.content.decode() and not _walked(sql)


def test_only_a_page_reached_by_its_own_slugs_is_remembered(board, make_board):
    """A page that a custom route() handed over from elsewhere in the tree is left to Wagtail's walk."""
    from wagtail.url_routing import RouteResult

    site = Site.objects.get(is_default_site=True)
    path = board.url.lstrip("/")
    request = RequestFactory().get(board.url, HTTP_HOST="localhost")
    key = routing._key(request, path)
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(make_board())  # another board, not the one at this path
    routing._remember(request, path, key)
    assert cache.get(key) is None
    request._wagtail_route_for_request = RouteResult(board)
    routing._remember(request, path, key)
    assert cache.get(key)[1:] == (board.pk, board.content_type_id, board.url_path, 2)


def test_wagtail_still_reads_the_request_attributes(board, make_board):
    """The shortcut answers through the two request attributes Wagtail's routing caches its own answers
    in. If a Wagtail release stops reading them this fails: then set PAGE_ROUTE_CACHE=false (or adapt)."""
    from wagtail.models import Page
    from wagtail.url_routing import RouteResult

    other = make_board()
    request = RequestFactory().get(board.url, HTTP_HOST="localhost")
    planted_site = Site(hostname="planted.example", port=80, site_name="Planted", root_page_id=2)
    setattr(request, routing.SITE_ATTRIBUTE, planted_site)
    assert Site.find_for_request(request) is planted_site
    planted_route = RouteResult(other)
    setattr(request, routing.ROUTE_ATTRIBUTE, planted_route)
    assert Page.route_for_request(request, board.url.lstrip("/")) is planted_route


def test_the_setting_turns_the_shortcut_off(client, reader, board, settings):
    settings.PAGE_ROUTE_CACHE = False
    client.get(board.url)
    response, sql = _get(client, board.url)
    assert response.status_code == 200 and _walked(sql)
