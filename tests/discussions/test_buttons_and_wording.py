"""The rendered pages: ONE primary button per page (the page's own action), following is secondary and
worded plainly ("You are following this board", "Stop following", never a red warning button), and
`<time datetime>` values are valid (no microseconds)."""

from __future__ import annotations

import re

import pytest

from forum_site.notifications import services as notifications
from tests.conftest import sign_in
from tests.discussions.conftest import soup

pytestmark = pytest.mark.django_db


def buttons(response) -> list[tuple[str, list[str]]]:
    """(text, classes) of every GOV.UK button in <main>: <button> elements and links styled as buttons."""
    main = soup(response).find("main")
    found = []
    for element in main.find_all(["a", "button"]):
        classes = element.get("class") or []
        if "govuk-button" in classes:
            found.append((" ".join(element.get_text(" ").split()), classes))
    return found


def primary(response) -> list[str]:
    return [
        text
        for text, classes in buttons(response)
        if not {"govuk-button--secondary", "govuk-button--warning"} & set(classes)
    ]


def warnings(response) -> list[str]:
    return [text for text, classes in buttons(response) if "govuk-button--warning" in classes]


def main_text(response) -> str:
    return " ".join(soup(response).find("main").get_text(" ").split())


def test_board_has_one_primary_button_start_a_topic_and_follow_is_secondary(client, board, member):
    sign_in(client, member)
    response = client.get(board.url)
    assert primary(response) == ["Start a topic"]
    assert ("Follow " + board.title, ["govuk-button", "govuk-button--secondary"]) in buttons(response)
    assert "Get emails about this board" in main_text(response)


def test_following_a_board_is_said_plainly_with_a_secondary_stop_button(client, board, member):
    notifications.follow_set(user=member, target=board)
    sign_in(client, member)
    response = client.get(board.url)
    text = main_text(response)
    assert "You are following this board. We email you each time there is news." in text
    assert "Following — stop" not in text
    assert primary(response) == ["Start a topic"]
    assert ("Stop following " + board.title, ["govuk-button", "govuk-button--secondary"]) in buttons(response)
    assert warnings(response) == []


def test_a_daily_follower_is_told_how_often(client, board, member):
    notifications.follow_set(user=member, target=board, frequency="daily")
    sign_in(client, member)
    assert "You are following this board. We email you once a day, in a daily digest." in main_text(
        client.get(board.url)
    )


def test_visitors_and_unverified_members_see_no_competing_buttons(client, board, unverified_parent):
    response = client.get(board.url)
    assert primary(response) == [] and "Sign in to follow" in main_text(response)
    sign_in(client, unverified_parent)
    response = client.get(board.url)
    assert primary(response) == [] and "Verify your email address" in main_text(response)


def test_topic_page_has_one_primary_button_post_your_reply(client, topic, member):
    sign_in(client, member)
    response = client.get(topic.get_absolute_url())  # the author follows their own topic
    assert primary(response) == ["Post your reply"]
    assert "You are following this topic." in main_text(response)
    assert warnings(response) == []


def test_topic_form_has_one_primary_button_and_a_character_count(client, board, member):
    from tests.discussions.conftest import route

    sign_in(client, member)
    response = client.get(route(board, "topic-create"))
    assert primary(response) == ["Post the topic"]
    count = soup(response).select_one('.govuk-character-count[data-module="govuk-character-count"]')
    assert count is not None and count.find("textarea", attrs={"name": "body"}) is not None


def test_what_you_follow_has_no_red_button_to_stop(client, board, topic, member):
    notifications.follow_set(user=member, target=board)
    sign_in(client, member)
    response = client.get("/notifications/")
    assert warnings(response) == []
    stops = [text for text, classes in buttons(response) if text.startswith("Stop following")]
    assert sorted(stops) == sorted([f"Stop following {board.title}", f"Stop following {topic.title}"])


DATETIME = re.compile(r'<time datetime="([^"]*)"')


def test_time_elements_carry_valid_datetimes(client, board, topic, member, forum_index):
    sign_in(client, member)
    for url in (forum_index.url, board.url, topic.get_absolute_url()):
        values = DATETIME.findall(client.get(url).content.decode())
        assert values, url
        for value in values:
            # ISO 8601 to the second with the offset: no microseconds, which HTML does not allow.
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), (url, value)
