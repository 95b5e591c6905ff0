"""NUL and other control characters, and 100,000-character query strings, on every URL: a plain answer,
never a 500 (core/middleware.py RequestHygieneMiddleware). The tracker's own filters and the API are
walked with real data in tests/recommendations/test_hostile_params.py."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import mfa_login
from tests.urlwalk import every_url

pytestmark = pytest.mark.django_db

# Every GET parameter a view of ours reads, each given a NUL and other control characters.
PARAMS = [
    "q",
    "p",
    "page",
    "page_size",
    "post",
    "review",
    "response",
    "status",
    "rag",
    "theme",
    "overdue",
    "anonymised",
    "resume",
    "board",
    "group",
    "reason",
    "state",
    "compare",
    "filter",
    "next",
]
HOSTILE = "&".join(f"{name}=a%00b%01%1b%7f" for name in PARAMS)


@pytest.fixture
def forum_with_a_topic(topic):
    return topic


@pytest.mark.parametrize("who", ["visitor", "site_admin"])
def test_control_characters_in_every_parameter_of_every_url(request, home_page, forum_with_a_topic, who):
    client = Client()
    if who == "site_admin":
        mfa_login(client, request.getfixturevalue("site_admin"))
    # Wagtail's /admin/failwhale/ (error_test) raises on purpose, to test error reporting.
    urls = [url for url in every_url() if url != "/admin/failwhale/"] + ["/forum/search/", "/forum/"]
    failures = []
    for url in urls:
        response = client.get(f"{url}?{HOSTILE}")
        if response.status_code >= 500:
            failures.append((url, response.status_code))
    assert failures == []


def test_the_view_sees_the_text_without_control_characters(client, home_page, forum_with_a_topic):
    response = client.get("/forum/search/?q=wait%00ing%0Alist")
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "waiting list"


@pytest.mark.parametrize("url", ["/", "/forum/search/", "/api/tracker/v1/recommendations/", "/admin/"])
def test_a_100000_character_query_string_is_refused_plainly(client, home_page, url):
    response = client.get(url + "?q=" + "x" * 100_000)
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_a_control_character_in_the_path_is_refused_plainly(client, home_page):
    response = client.get("/forum/%00/")
    assert response.status_code == 400
    assert ">We could not read that web address</h1>" in response.content.decode()


def test_permissions_policy_turns_off_powerful_features(client, home_page):
    for url in ("/", "/accounts/login/", "/admin/", "/static/dist/site.css", "/no-such-page/"):
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy, (url, policy)
