"""The tracker's filters, search, exports and the open-data API with NUL and other control characters and
with 100,000-character values: a clear answer, never a 500 (the public CSV export was cut off mid-stream)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

FILTERS = ["review", "response", "status", "rag", "theme", "overdue", "q", "page", "page_size"]


@pytest.fixture
def tracker_urls(tracker_index, review, make_recommendation):
    recommendation = make_recommendation()
    base = tracker_index.url
    return [
        base,
        base + "recommendations/",
        base + "recommendations/export/csv/",
        base + "recommendations/export/xlsx/",
        base + "report/",
        review.url,
        review.url + "report/",
        f"{base}recommendations/{recommendation.pk}/",
        "/api/tracker/v1/reviews/",
        "/api/tracker/v1/recommendations/",
    ]


@pytest.mark.parametrize("value", ["%00", "a%00b", "%01%02%1b%7f", "search%00term"])
def test_control_characters_in_each_filter(client, tracker_urls, value):
    for url in tracker_urls:
        for name in FILTERS:
            response = client.get(f"{url}?{name}={value}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code in (200, 400, 404), (url, name, response.status_code)
            if url.endswith("/csv/") and response.status_code == 200:
                assert body.startswith(b"\xef\xbb\xbf") or body[:1].isalpha(), (url, name)  # a whole file


def test_the_csv_export_with_a_nul_in_the_search_is_the_same_file_as_without(client, tracker_urls):
    export = next(url for url in tracker_urls if url.endswith("/csv/"))
    with_nul = client.get(export + "?q=%00")
    without = client.get(export + "?q=")
    assert with_nul.status_code == without.status_code == 200
    assert b"".join(with_nul.streaming_content) == b"".join(without.streaming_content)


def test_the_api_search_with_a_nul_answers_json(client, tracker_urls):
    response = client.get("/api/tracker/v1/recommendations/?q=%00")
    assert response.status_code == 200
    assert response.json()["count"] >= 0


@pytest.mark.parametrize("name", FILTERS)
def test_a_100000_character_value_in_each_filter(client, tracker_urls, name):
    for url in tracker_urls:
        response = client.get(f"{url}?{name}={'x' * 100_000}")
        assert response.status_code == 400, (url, name)
        assert b"too long" in response.content
