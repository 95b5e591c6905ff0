"""The queue's two parts (posts that wait; published posts to look at again), the admin menu's count
and the admin home's panel for organisers."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum_site.moderation import selectors, services
from forum_site.moderation.models import FlagReason, PostState
from forum_site.moderation.wagtail_hooks import QueueMenuItem, register_queue_menu_item
from tests.factories import UserFactory
from tests.moderation.conftest import PHONE_BODY, QUEUE, reply, reported

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """These tests write many posts quickly."""
    settings.MODERATION_RATE_LIMIT_POSTS = 10_000


def part_ids(html: str, state: str) -> list[int]:
    """The posts listed in one part of the queue page, in order."""
    section = BeautifulSoup(html, "html.parser").find("section", attrs={"aria-labelledby": f"queue-{state}-title"})
    assert section is not None, f"no {state} part"
    return [int(box["value"]) for box in section.select('input[name="posts"]')]


def part_heading(html: str, state: str) -> str:
    heading = BeautifulSoup(html, "html.parser").find(id=f"queue-{state}-title")
    return " ".join(heading.get_text(" ").split())


# --- Published posts are never among the ones that wait ---


def test_published_posts_are_not_listed_as_waiting(organiser_client, phone_post, reported_post, topic, member):
    flagged = reply(topic, member, "The head called it a disgrace.")  # no watch word set up: published, not queued
    assert flagged.state == PostState.PUBLISHED and not flagged.needs_review
    html = organiser_client.get(reverse(QUEUE)).content.decode()
    assert part_ids(html, "pending") == [phone_post.pk]
    assert part_ids(html, "published") == [reported_post.pk]
    assert part_heading(html, "pending") == "Waiting for a moderator (1)"
    assert part_heading(html, "published") == "Published, to look at again (1)"


def test_a_flag_only_watch_word_is_published_and_listed_to_look_at_again(organiser_client, topic, member):
    from forum_site.moderation.models import WatchAction, WatchWord

    WatchWord.objects.create(term="disgrace", action=WatchAction.FLAG)
    post = reply(topic, member, "The head called it a disgrace.")
    assert post.state == PostState.PUBLISHED and post.needs_review
    html = organiser_client.get(reverse(QUEUE)).content.decode()
    assert part_ids(html, "pending") == [] and part_ids(html, "published") == [post.pk]
    assert "Nothing is waiting to be published." in html


def test_once_approved_a_post_leaves_the_waiting_part(organiser_client, organiser, phone_post):
    services.post_approve(post=phone_post, moderator=organiser, note="The helpline's number")
    html = organiser_client.get(reverse(QUEUE)).content.decode()
    assert part_ids(html, "pending") == [] and part_ids(html, "published") == []


def test_an_edit_that_trips_a_check_moves_a_post_back_to_waiting(organiser_client, topic, member):
    post = reply(topic, member, "All fine here.")
    services.post_edit(post=post, editor=member, body=PHONE_BODY)
    html = organiser_client.get(reverse(QUEUE)).content.decode()
    assert part_ids(html, "pending") == [post.pk] and part_ids(html, "published") == []


def test_the_selector_gives_one_part_and_refuses_others(phone_post, reported_post):
    assert list(selectors.queue()) == [phone_post]  # the posts that wait, by default
    assert list(selectors.queue(state=PostState.PUBLISHED)) == [reported_post]
    for bad in (PostState.HIDDEN, PostState.REJECTED, "", "anything"):
        with pytest.raises(ValueError):
            selectors.queue(state=bad)


def test_filters_apply_to_both_parts(organiser_client, phone_post, reported_post):
    html = organiser_client.get(reverse(QUEUE), {"reason": FlagReason.PHONE}).content.decode()
    assert part_ids(html, "pending") == [phone_post.pk] and part_ids(html, "published") == []
    assert "No published post is reported or flagged that matches the filters." in html
    html = organiser_client.get(reverse(QUEUE), {"reason": FlagReason.REPORT_SPAM}).content.decode()
    assert part_ids(html, "pending") == [] and part_ids(html, "published") == [reported_post.pk]


def test_each_part_pages_on_its_own(organiser_client, topic, member, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    waiting = [reply(topic, member, f"{PHONE_BODY} {i}") for i in range(3)]
    published = [reported(topic, member, FlagReason.REPORT_SPAM) for _ in range(3)]
    html = organiser_client.get(reverse(QUEUE), {"p": "2"}).content.decode()
    assert part_ids(html, "pending") == [waiting[2].pk]
    assert part_ids(html, "published") == [published[0].pk, published[1].pk]
    assert "pp=2" in html and "p=2&amp;pp=2" in html  # the other part's page is kept
    html = organiser_client.get(reverse(QUEUE), {"p": "2", "pp": "2"}).content.decode()
    assert part_ids(html, "pending") == [waiting[2].pk] and part_ids(html, "published") == [published[2].pk]
    for bad in ("0", "-1", "abc", "99999999999999999999"):
        response = organiser_client.get(reverse(QUEUE), {"p": bad, "pp": bad})
        assert response.status_code == 200


def test_counts_in_one_query(phone_post, new_member_post, reported_post, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.queue_counts() == {"waiting": 2, "published": 1}


# --- The admin menu shows the count in full ---


def _menu_component(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    item = register_queue_menu_item()
    return item, item.render_component(request)


def test_the_menu_label_is_short_enough_to_show_whole(organiser, topic, member):
    for i in range(7):
        reply(topic, member, f"{PHONE_BODY} {i}")
    for _ in range(3):
        reported(topic, member, FlagReason.REPORT_OFFENSIVE)
    item, component = _menu_component(organiser)
    assert isinstance(item, QueueMenuItem)
    # Wagtail's sidebar has room for about 18 characters before it cuts a label with "…".
    assert component.label == "Moderation (10)" and len(component.label) <= 18
    assert component.attrs["aria-label"] == (
        "Moderation (10): 7 waiting for a moderator, 3 published posts to look at again"
    )
    assert "waiting" not in component.label


def test_the_menu_label_without_items_and_with_many(organiser, monkeypatch):
    _, component = _menu_component(organiser)
    assert component.label == "Moderation" and "aria-label" not in component.attrs
    monkeypatch.setattr(selectors, "queue_counts", lambda: {"waiting": 1200, "published": 34})
    _, component = _menu_component(organiser)
    assert component.label == "Moderation (1,234)" and len(component.label) <= 18


def test_the_menu_item_keeps_no_count_between_requests(organiser, phone_post, monkeypatch):
    """Menu items are registered once: one request's count never leaks into the next."""
    item = register_queue_menu_item()
    request = RequestFactory().get("/admin/")
    request.user = organiser
    assert item.render_component(request).label == "Moderation (1)"
    monkeypatch.setattr(selectors, "queue_counts", lambda: {"waiting": 0, "published": 0})
    component = item.render_component(request)
    assert component.label == "Moderation" and "aria-label" not in component.attrs and "aria-label" not in item.attrs


# --- The admin home's panel ---


def _home_panel(html: str):
    return BeautifulSoup(html, "html.parser").find(id="moderation-queue-section")


@pytest.mark.parametrize("role", ["organiser", "site_admin"])
def test_moderators_see_the_queue_on_the_admin_home(
    request, staff_client, role, phone_post, new_member_post, reported_post
):
    client = staff_client(request.getfixturevalue(role))
    html = client.get(reverse(HOME)).content.decode()
    panel = _home_panel(html)
    assert panel is not None
    text = " ".join(panel.get_text(" ").split())
    assert "Waiting for a moderator 2" in text and "Published, to look at again 1" in text
    links = [a["href"] for a in panel.find_all("a")]
    assert reverse(QUEUE) in links
    assert f"{reverse(QUEUE)}#queue-pending-title" in links and f"{reverse(QUEUE)}#queue-published-title" in links


@pytest.mark.parametrize("role", ["scrutiny_member", "officer"])
def test_other_staff_see_no_queue_panel_and_pay_nothing_for_it(request, staff_client, role, phone_post):
    client = staff_client(request.getfixturevalue(role))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse(HOME)).content.decode()
    assert _home_panel(html) is None and "Waiting for a moderator" not in html
    assert not [q for q in queries.captured_queries if "moderation_post" in q["sql"]]


def test_a_staff_member_without_moderation_permission_sees_no_panel(staff_client):
    from django.contrib.auth.models import Permission

    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = staff_client(editor).get(reverse(HOME)).content.decode()
    assert _home_panel(html) is None


def test_the_home_panel_costs_the_same_queries_however_long_the_queue(organiser_client, topic, member):
    def count() -> int:
        organiser_client.get(reverse(HOME))
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(reverse(HOME)).status_code == 200
        return len([q for q in queries.captured_queries if "moderation_post" in q["sql"]])

    reply(topic, member, PHONE_BODY)
    few = count()
    for i in range(8):
        reply(topic, member, f"{PHONE_BODY} {i}")
        reported(topic, member, FlagReason.REPORT_SPAM)
    assert count() == few
    assert few == 2  # the menu's count and the panel's count: one query each
