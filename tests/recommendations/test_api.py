"""The read-only JSON API: fields, filters, pagination, bad parameters, and what it never shows."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from recommendations.models import ImplementationUpdate, InternalNote, ResponseDecision, Theme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REVIEW_FIELDS = {
    "id", "title", "url", "panel", "scope", "adopted_on", "response_due_on", "cabinet_response_on",
    "lead_cabinet_member", "lead_director", "report_document_url", "appendix_document_url",
    "recommendation_count", "responses", "open_by_status", "response_overdue", "recommendations_url",
}  # fmt: skip
RECOMMENDATION_FIELDS = {
    "id", "url", "review", "reference", "title", "text", "themes", "addressed_to", "response", "target_date",
    "revised_target_date", "status", "status_label", "rag", "percent_complete", "overdue", "last_update_on",
    "latest_update", "sign_off", "signed_off_at",
}  # fmt: skip
LIST_KEYS = {"count", "page", "page_size", "num_pages", "next", "previous", "results"}


def api(name: str, *args) -> str:
    return reverse(f"recommendations:{name}", args=args)


def test_review_list_fields_and_counts(client, review, make_recommendation):
    make_recommendation(response=ResponseDecision.AGREED)
    make_recommendation(response=ResponseDecision.PARTIALLY_AGREED)
    data = client.get(api("api-review-list")).json()
    assert set(data) == LIST_KEYS
    assert data["count"] == 1
    item = data["results"][0]
    assert set(item) == REVIEW_FIELDS
    assert item["title"] == review.title
    assert item["adopted_on"] == "2026-03-10" and item["response_due_on"] == "2026-05-10"
    assert item["responses"] == {"agreed": 1, "partially_agreed": 1, "rejected": 0, "awaiting": 0}
    assert item["open_by_status"]["not_started"] == 2
    assert item["url"].startswith("http://testserver/") and item["url"].endswith(f"/{review.slug}/")
    assert item["recommendations_url"].endswith(f"?review={review.pk}")


def test_review_detail_and_404(client, review):
    assert client.get(api("api-review-detail", review.pk)).json()["id"] == review.pk
    response = client.get(api("api-review-detail", review.pk + 1000))
    assert response.status_code == 404 and "error" in response.json()
    review.unpublish()
    assert client.get(api("api-review-detail", review.pk)).status_code == 404


def test_recommendation_fields(client, tracker_index, make_recommendation):
    officer = UserFactory(email="officer.private@example.org")
    rec = make_recommendation(
        title="Fund educational psychologists",
        response=ResponseDecision.PARTIALLY_AGREED,
        response_reasons="Full complement now.",
        officer=officer,
        lead_officer_name="Principal Educational Psychologist",
    )
    rec.themes.add(Theme.objects.create(name="EP capacity", slug="ep"))
    ImplementationUpdate.objects.create(
        recommendation=rec,
        date=datetime.date(2026, 5, 1),
        status="on_track",
        rag="green",
        percent_complete=20,
        narrative="First update",
    )
    ImplementationUpdate.objects.create(
        recommendation=rec,
        date=datetime.date(2026, 6, 1),
        status="on_track",
        rag="green",
        percent_complete=30,
        narrative="Second update",
    )
    InternalNote.objects.create(recommendation=rec, text="Private: chase the director")
    response = client.get(api("api-recommendation-detail", rec.pk))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    item = response.json()
    assert set(item) == RECOMMENDATION_FIELDS
    assert item["response"] == {
        "decision": "partially_agreed",
        "label": "Partially agreed",
        "reasons": "Full complement now.",
        "decided_on": None,
        "cabinet_member": "",
        "lead_officer": "Principal Educational Psychologist",
        "overdue": False,
    }
    assert item["latest_update"] == {"date": "2026-06-01", "narrative": "Second update"}
    assert item["themes"] == ["EP capacity"]
    assert item["review"]["id"] == rec.review_id
    assert item["url"] == f"http://testserver{tracker_index.url}recommendations/{rec.pk}/"
    body = response.content.decode()
    assert "officer.private@example.org" not in body and "chase the director" not in body


def test_recommendation_list_filters_like_the_page(client, make_recommendation):
    make_recommendation(title="Partial", response=ResponseDecision.PARTIALLY_AGREED)
    make_recommendation(title="Agreed", response=ResponseDecision.AGREED)
    data = client.get(api("api-recommendation-list"), {"response": "partially_agreed"}).json()
    assert [r["title"] for r in data["results"]] == ["Partial"]
    data = client.get(api("api-recommendation-list"), {"q": "agreed"}).json()
    assert {r["title"] for r in data["results"]} == {"Agreed"}  # "Partial" does not contain "agreed"


def test_overdue_fields_use_todays_date(client, make_recommendation):
    rec = make_recommendation(target_date=datetime.date(2026, 6, 30))
    url = api("api-recommendation-detail", rec.pk)
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 6, 30)):
        assert client.get(url).json()["overdue"] is False
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 7, 1)):
        assert client.get(url + "?fresh=1").json()["overdue"] is True


def test_pagination_links_and_limits(client, make_recommendation):
    for n in range(7):
        make_recommendation(title=f"R{n}")
    data = client.get(api("api-recommendation-list"), {"page_size": 3}).json()
    assert data["count"] == 7 and data["num_pages"] == 3 and len(data["results"]) == 3
    assert data["previous"] is None
    assert data["next"].startswith("http://testserver/api/tracker/v1/recommendations/?")
    assert "page=2" in data["next"] and "page_size=3" in data["next"]
    second = client.get(data["next"]).json()
    assert [r["title"] for r in second["results"]] == ["R3", "R4", "R5"]
    assert "page=1" in second["previous"]
    last = client.get(api("api-recommendation-list"), {"page_size": 3, "page": 3}).json()
    assert last["next"] is None and len(last["results"]) == 1
    huge = client.get(api("api-recommendation-list"), {"page_size": 100000}).json()
    assert huge["page_size"] == 100


def test_next_link_keeps_filters(client, make_recommendation):
    for n in range(3):
        make_recommendation(title=f"Partial {n}", response=ResponseDecision.PARTIALLY_AGREED)
    make_recommendation(title="Agreed")
    data = client.get(api("api-recommendation-list"), {"response": "partially_agreed", "page_size": 2}).json()
    assert data["count"] == 3 and "response=partially_agreed" in data["next"]


@pytest.mark.parametrize(
    "params, status",
    [
        ({"page": "abc"}, 400),
        ({"page": "0"}, 400),
        ({"page": "-3"}, 400),
        ({"page": "99999999999999"}, 400),
        ({"page": "50"}, 404),
        ({"page_size": "lots"}, 400),
        ({"page_size": "0"}, 400),
        ({"response": "maybe"}, 400),
        ({"status": "<script>"}, 400),
        ({"rag": "purple"}, 400),
        ({"overdue": "yes"}, 400),
        ({"review": "abc"}, 400),
        ({"theme": "not a slug!"}, 400),
    ],
)
def test_bad_parameters_get_a_clear_json_error(client, make_recommendation, params, status):
    make_recommendation()
    response = client.get(api("api-recommendation-list"), params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_unknown_and_tampered_ids_are_404(client, make_recommendation):
    rec = make_recommendation()
    assert client.get(api("api-recommendation-detail", rec.pk + 1000)).status_code == 404
    assert client.get("/api/tracker/v1/recommendations/99999999999999999999999/").status_code == 404
    assert client.get("/api/tracker/v1/recommendations/abc/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, make_recommendation, method):
    rec = make_recommendation()
    for url in [api("api-recommendation-list"), api("api-recommendation-detail", rec.pk), api("api-review-list")]:
        assert getattr(client, method)(url).status_code == 405


def test_unpublished_review_recommendations_are_hidden(client, review, make_recommendation):
    rec = make_recommendation()
    review.unpublish()
    assert client.get(api("api-recommendation-list")).json()["count"] == 0
    assert client.get(api("api-recommendation-detail", rec.pk)).status_code == 404


def test_api_escapes_nothing_and_keeps_text_as_data(client, make_recommendation):
    rec = make_recommendation(title='<script>alert("x")</script>')
    response = client.get(api("api-recommendation-detail", rec.pk))
    assert response["Content-Type"] == "application/json"
    assert response.json()["title"] == '<script>alert("x")</script>'  # JSON is data; consumers escape on display
