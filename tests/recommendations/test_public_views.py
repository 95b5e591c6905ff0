"""The public tracker pages: index, list with filters and search, recommendation page, review page, report."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from recommendations.models import (
    ImplementationStatus,
    ImplementationUpdate,
    Rag,
    ResponseDecision,
    SignOffState,
    Theme,
)
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def list_url(tracker_index) -> str:
    return tracker_index.url + tracker_index.reverse_subpage("recommendation-list")


def detail_url(tracker_index, recommendation) -> str:
    return tracker_index.url + tracker_index.reverse_subpage("recommendation-detail", args=[recommendation.pk])


def _facts(html) -> dict[str, str]:
    """Every key and value of the page's summary lists, whitespace squashed."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        dt.get_text(" ", strip=True): " ".join(dt.find_next_sibling("dd").get_text(" ", strip=True).split())
        for dt in soup.find_all("dt")
    }


def _table(html, caption) -> dict[str, list[str]]:
    """The body rows of the table with this caption: first cell -> the other cells' text."""
    soup = BeautifulSoup(html, "html.parser")
    table = next(t for t in soup.find_all("table") if t.caption and t.caption.get_text(strip=True) == caption)
    rows = {}
    for tr in table.tbody.find_all("tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return rows


def add_update(recommendation, **fields) -> ImplementationUpdate:
    """An update, and the copies on the recommendation that services.update_add keeps in step."""
    fields.setdefault("date", datetime.date(2026, 6, 1))
    fields.setdefault("status", ImplementationStatus.ON_TRACK)
    fields.setdefault("rag", Rag.GREEN)
    fields.setdefault("percent_complete", 40)
    fields.setdefault("narrative", "Work has started with schools.")
    update = ImplementationUpdate.objects.create(recommendation=recommendation, **fields)
    recommendation.status = update.status
    recommendation.rag = update.rag
    recommendation.percent_complete = update.percent_complete
    recommendation.last_update_on = update.date
    if update.revised_target_date:
        recommendation.revised_target_date = update.revised_target_date
    recommendation.save()
    return update


def test_index_lists_live_reviews_with_summary(client, tracker_index, make_review, make_recommendation, review):
    make_recommendation(response=ResponseDecision.AGREED)
    make_recommendation(response=ResponseDecision.PARTIALLY_AGREED)
    make_recommendation(response=ResponseDecision.PARTIALLY_AGREED)
    draft = make_review(title="A draft review")
    draft.unpublish()
    response = client.get(tracker_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert review.title in html
    assert "A draft review" not in html
    assert "3 recommendations" in html
    assert "1 agreed, 2 partially agreed" in html
    assert "Partially agreed: 2" not in html  # counts read as words, not raw "label: n"


def _index_summary(client, tracker_index, review) -> dict[str, str]:
    """The index's key facts for `review`: label -> text, whitespace squashed."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(tracker_index.url).content, "html.parser")
    card = soup.find("a", string=review.title).find_parent("li")
    facts = {"Recommendations": " ".join(card.find("p", class_="govuk-body").get_text(" ", strip=True).split())}
    for key in card.find_all("dt"):
        value = key.find_next_sibling("dd")
        facts[key.get_text(" ", strip=True)] = " ".join(value.get_text(" ", strip=True).split())
    return facts


def test_index_counts_read_as_words_and_say_one_and_none_properly(
    client, tracker_index, make_review, make_recommendation
):
    empty = make_review(title="A review with nothing yet")
    one = make_review(title="A review of short breaks", adopted_on=timezone.localdate())  # response not yet due
    make_recommendation(review=one, response=ResponseDecision.AWAITING)
    assert _index_summary(client, tracker_index, empty) == {"Recommendations": "No recommendations yet"}
    facts = _index_summary(client, tracker_index, one)
    assert facts["Recommendations"] == "1 recommendation"
    assert facts["Cabinet response"] == "1 awaiting response"
    assert facts["Open"] == "None open"
    assert facts["Completed"] == "None yet"


def test_index_never_lists_completed_under_open(client, tracker_index, review, make_recommendation):
    make_recommendation(status=ImplementationStatus.ON_TRACK)
    make_recommendation(status=ImplementationStatus.ON_TRACK)
    make_recommendation(status=ImplementationStatus.SLIPPED, revised_target_date=datetime.date(2027, 1, 1))
    make_recommendation(status=ImplementationStatus.COMPLETED, percent_complete=100)
    make_recommendation(status=ImplementationStatus.COMPLETED, percent_complete=100, sign_off=SignOffState.ACHIEVED)
    make_recommendation(
        response=ResponseDecision.REJECTED, status=ImplementationStatus.COMPLETED
    )  # not accepted: neither
    facts = _index_summary(client, tracker_index, review)
    assert facts["Recommendations"] == "6 recommendations"
    assert facts["Cabinet response"] == "5 agreed, 1 rejected"
    assert facts["Open"] == "2 on track, 1 slipped"
    assert "ompleted" not in facts["Open"]
    assert facts["Completed"] == "1 signed off as achieved, 1 awaiting sign-off by scrutiny"


def test_index_completed_counts_each_alone(client, tracker_index, review, make_recommendation):
    rec = make_recommendation(status=ImplementationStatus.COMPLETED, percent_complete=100)
    assert _index_summary(client, tracker_index, review)["Completed"] == "1 awaiting sign-off by scrutiny"
    rec.sign_off = SignOffState.ACHIEVED
    rec.save()
    assert _index_summary(client, tracker_index, review)["Completed"] == "1 signed off as achieved"


def test_list_filters_by_response(client, tracker_index, make_recommendation):
    make_recommendation(title="Fund more educational psychologists", response=ResponseDecision.PARTIALLY_AGREED)
    make_recommendation(title="Publish EHC plan timeliness", response=ResponseDecision.AGREED)
    response = client.get(list_url(tracker_index), {"response": "partially_agreed"})
    html = response.content.decode()
    assert "Fund more educational psychologists" in html
    assert "Publish EHC plan timeliness" not in html
    assert "1 recommendation match your filters" in html
    # The form shows the chosen filter, so the page is bookmarkable and re-submittable.
    assert '<option value="partially_agreed" selected>' in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "slipped"}, {"Slipped one"}),
        ({"rag": "red"}, {"Slipped one"}),
        ({"theme": "semh"}, {"On track one"}),
        ({"q": "tribunal"}, {"Rejected one"}),
        ({"q": "SR-7"}, {"On track one"}),
        ({"overdue": "implementation"}, {"Slipped one"}),
        ({"overdue": "response"}, {"Awaiting one"}),
        ({"status": "on_track", "theme": "semh"}, {"On track one"}),
        ({"status": "completed"}, set()),
    ],
)
def test_list_filters_and_search(client, tracker_index, review, make_review, make_recommendation, params, expected):
    today = datetime.date(2026, 11, 23)
    semh = Theme.objects.create(name="SEMH", slug="semh")
    on_track = make_recommendation(
        title="On track one", reference="SR-7", target_date=today + datetime.timedelta(days=90)
    )
    on_track.themes.add(semh)
    add_update(on_track)
    slipped = make_recommendation(title="Slipped one", target_date=datetime.date(2026, 5, 1))
    add_update(
        slipped,
        status=ImplementationStatus.SLIPPED,
        rag=Rag.RED,
        revised_target_date=datetime.date(2026, 9, 1),
        slip_reason="Staff shortages.",
    )
    make_recommendation(title="Rejected one", response=ResponseDecision.REJECTED, text="Appeal to the tribunal.")
    old_review = make_review(adopted_on=datetime.date(2026, 1, 5))
    make_recommendation(review=old_review, title="Awaiting one", response=ResponseDecision.AWAITING)
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=today):
        response = client.get(list_url(tracker_index), params)
    assert response.status_code == 200
    html = response.content.decode()
    for title in ["On track one", "Slipped one", "Rejected one", "Awaiting one"]:
        assert (f">{title}</a>" in html) == (title in expected), title


def test_list_filter_by_review(client, tracker_index, make_review, make_recommendation):
    other = make_review(title="Other review")
    make_recommendation(title="In the first review")
    make_recommendation(review=other, title="In the other review")
    html = client.get(list_url(tracker_index), {"review": other.pk}).content.decode()
    assert "In the other review" in html and "In the first review" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"response": "maybe"},
        {"status": "<b>x</b>"},
        {"rag": "purple"},
        {"theme": "no such theme"},
        {"review": "abc"},
        {"review": "99999999999999999999999"},
        {"overdue": "1"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"q": "x" * 5000},
        {"q": XSS},
    ],
)
def test_list_handles_bad_parameters(client, tracker_index, make_recommendation, params):
    make_recommendation(title="Still listed")
    response = client.get(list_url(tracker_index), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert XSS not in html
    if "q" not in params:
        assert "Still listed" in html  # an unknown value is ignored, not an error


def test_list_paginates_and_keeps_filters(client, tracker_index, make_recommendation):
    for n in range(55):
        make_recommendation(title=f"Numbered {n:02d}", response=ResponseDecision.AGREED)
    make_recommendation(title="Rejected", response=ResponseDecision.REJECTED)
    first = client.get(list_url(tracker_index), {"response": "agreed"}).content.decode()
    assert 'aria-label="Page 1" aria-current="page"' in first
    assert '?response=agreed&amp;page=2" rel="next"' in first
    second = client.get(list_url(tracker_index), {"response": "agreed", "page": "2"}).content.decode()
    assert "Numbered 54" in second and "Numbered 00" not in second
    assert "?response=agreed&amp;page=1" in second


def test_list_escapes_user_text(client, tracker_index, make_recommendation):
    theme = Theme.objects.create(name=f"Theme {XSS}", slug="t")
    rec = make_recommendation(title=f"Title {XSS}", reference="<i>9</i>")
    rec.themes.add(theme)
    html = client.get(list_url(tracker_index)).content.decode()
    assert XSS not in html and "<i>9</i>" not in html
    assert "&lt;script&gt;" in html


def test_detail_shows_response_reasons_progress_and_timeline(client, tracker_index, make_recommendation):
    rec = make_recommendation(
        title="Co-produce the SEMH pathway",
        response=ResponseDecision.PARTIALLY_AGREED,
        response_reasons="The principle is agreed; funding is not.",
        lead_officer_name="Head of SEND",
        cabinet_member="Cabinet Member for Children and Families",
    )
    add_update(rec, date=datetime.date(2026, 4, 1), percent_complete=10, narrative="Steering group formed.")
    add_update(
        rec,
        date=datetime.date(2026, 7, 1),
        percent_complete=35,
        status=ImplementationStatus.SLIPPED,
        rag=Rag.AMBER,
        revised_target_date=datetime.date(2027, 3, 31),
        slip_reason="Recruitment delays.",
        narrative="Workshops with the parent carer forum.",
        evidence_links=["https://example.org/minutes", "javascript:alert(1)", "http://example.org/plan", 5],
    )
    html = client.get(detail_url(tracker_index, rec)).content.decode()
    assert "Partially agreed" in html
    assert "The principle is agreed; funding is not." in html
    assert "Head of SEND" in html
    assert "35% complete" in html and 'value="35"' in html
    assert _facts(html)["RAG rating"] == "Amber"
    assert "31 March 2027" in html  # the revised target date
    assert "Recruitment delays." in html
    assert html.index("Workshops with the parent carer forum.") < html.index("Steering group formed.")  # newest first
    assert 'href="https://example.org/minutes"' in html and 'href="http://example.org/plan"' in html
    assert "javascript:" not in html


def test_detail_escapes_user_text(client, tracker_index, make_recommendation):
    rec = make_recommendation(
        title=f"T {XSS}",
        text=f"Text {XSS}",
        response_reasons=f"Because {XSS}",
        lead_officer_name=XSS,
        addressed_to=XSS,
    )
    add_update(
        rec,
        narrative=f"Narrative {XSS}",
        evidence_links=['https://example.org/"><script>alert(1)</script>'],
    )
    html = client.get(detail_url(tracker_index, rec)).content.decode()
    assert "<script>" not in html
    assert "Because &lt;script&gt;" in html and "Narrative &lt;script&gt;" in html


def test_detail_shows_sign_off(client, tracker_index, make_recommendation):
    from django.utils import timezone

    rec = make_recommendation(status=ImplementationStatus.COMPLETED, percent_complete=100)
    rec.sign_off = SignOffState.ACHIEVED
    rec.signed_off_at = timezone.now()
    rec.save()
    html = client.get(detail_url(tracker_index, rec)).content.decode()
    assert "Achieved (signed off)" in html


@pytest.mark.parametrize("tamper", ["999999", "99999999999999999999999999"])
def test_detail_of_unknown_recommendation_is_404(client, tracker_index, make_recommendation, tamper):
    make_recommendation()
    path = tracker_index.url + f"recommendations/{tamper}/"
    assert client.get(path).status_code == 404


def test_detail_of_non_integer_id_is_404(client, tracker_index):
    assert client.get(tracker_index.url + "recommendations/abc/").status_code == 404


def test_recommendation_of_unpublished_review_is_hidden(client, tracker_index, review, make_recommendation):
    rec = make_recommendation(title="Hidden draft recommendation")
    review.unpublish()
    assert client.get(detail_url(tracker_index, rec)).status_code == 404
    assert "Hidden draft recommendation" not in client.get(list_url(tracker_index)).content.decode()


def test_review_page_shows_scope_dates_charts_and_list(client, review, make_recommendation):
    review.lead_cabinet_member = "Cabinet Member for Children and Families"
    review.save_revision().publish()
    make_recommendation(title="Agreed one", response=ResponseDecision.AGREED)
    make_recommendation(title="Partial one", response=ResponseDecision.PARTIALLY_AGREED)
    make_recommendation(title="Rejected one", response=ResponseDecision.REJECTED)
    html = client.get(review.url).content.decode()
    assert review.scope in html
    assert "10 March 2026" in html and "10 May 2026" in html  # adopted, response due two months later
    assert "Cabinet Member for Children and Families" in html
    assert html.count('<svg class="') == 2 and html.count('role="img"') == 2
    assert _table(html, "Cabinet responses to the recommendations")["Partially agreed"] == ["1"]
    assert _table(html, "Accepted recommendations not yet signed off, by status")["Not started"] == [
        "2"
    ]  # the two accepted
    for title in ["Agreed one", "Partial one", "Rejected one"]:
        assert title in html


def test_review_page_escapes_title_in_charts(client, make_review):
    review = make_review(title=f"Review {XSS}", scope=f"Scope {XSS}", panel=XSS)
    html = client.get(review.url).content.decode()
    assert "<script>" not in html
    assert 'aria-label="Bar chart of cabinet responses to Review &lt;script&gt;' in html


def test_committee_report_of_all_open_recommendations(client, tracker_index, make_recommendation):
    rec = make_recommendation(title="Open and agreed", lead_officer_name="Head of SEND")
    add_update(rec, narrative="Latest narrative here.")
    make_recommendation(title="Rejected, not open", response=ResponseDecision.REJECTED)
    done = make_recommendation(title="Signed off", status=ImplementationStatus.COMPLETED, percent_complete=100)
    done.sign_off = SignOffState.ACHIEVED
    done.save()
    html = client.get(tracker_index.url + tracker_index.reverse_subpage("report")).content.decode()
    assert "Open and agreed" in html and "Latest narrative here." in html and "Head of SEND" in html
    assert "Rejected, not open" not in html and "Signed off</strong>" not in html
    # A real table with its column headings (it prints as one), stacking on a phone with each cell labelled.
    table = BeautifulSoup(html, "html.parser").find("table")
    assert table.thead is not None and "app-table--stack" in table["class"]
    headings = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headings == ["Ref.", "Recommendation", "Response", "Lead", "Target date", "Status", "RAG", "Latest update"]
    assert all([td.get("data-label") for td in tr.find_all("td")] == headings for tr in table.tbody.find_all("tr"))


def test_committee_report_of_one_review(client, review, make_review, make_recommendation):
    make_recommendation(title=f"In this review {XSS}", response=ResponseDecision.REJECTED)
    other = make_review()
    make_recommendation(review=other, title="In another review")
    html = client.get(review.url + review.reverse_subpage("report")).content.decode()
    assert "In this review &lt;script&gt;" in html and "In another review" not in html
    assert "<script>" not in html


def test_pages_are_cached_for_visitors_and_retired_on_change(client, tracker_index, make_recommendation):
    rec = make_recommendation(title="Before the change")
    url = list_url(tracker_index)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    rec.title = "After the change"
    rec.save()
    html = client.get(url).content.decode()
    assert "After the change" in html
    add_update(rec, narrative="A new update")
    detail = detail_url(tracker_index, rec)
    client.get(detail)
    assert client.get(detail)["X-Page-Cache"] == "hit"
    ImplementationUpdate.objects.create(
        recommendation=rec,
        date=datetime.date(2026, 8, 1),
        status="on_track",
        rag="green",
        percent_complete=60,
        narrative="Another update appears",
    )
    assert "Another update appears" in client.get(detail).content.decode()


def test_signed_in_member_is_not_served_the_cache(client, tracker_index, make_recommendation, scrutiny_member):
    make_recommendation()
    sign_in(client, scrutiny_member)
    url = list_url(tracker_index)
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_signed_in_list_shows_changes_at_once(client, tracker_index, make_recommendation, scrutiny_member):
    # The rendered list is cached for everyone (it holds nothing personal) until the tracker changes.
    rec = make_recommendation(title="Before the change")
    sign_in(client, scrutiny_member)
    url = list_url(tracker_index)
    assert "Before the change" in client.get(url).content.decode()
    rec.title = "After the change"
    rec.save()
    html = client.get(url).content.decode()
    assert "After the change" in html and "Before the change" not in html
    assert "Sign out" in html  # the page around the cached list is still the member's own


def test_index_escapes_review_titles(client, tracker_index, make_review):
    make_review(title=f"Review {XSS}", panel=f"Panel {XSS}")
    html = client.get(tracker_index.url).content.decode()
    assert XSS not in html and "Review &lt;script&gt;" in html


@pytest.mark.parametrize("model", ["recommendation", "update", "action", "sign_off", "theme", "themes_m2m"])
def test_every_tracker_change_retires_the_page_cache(make_recommendation, model):
    from forum_site.core.cache import area_version
    from recommendations.models import Action, SignOffDecision

    rec = make_recommendation()
    theme = Theme.objects.create(name="SEMH", slug="semh")
    before = {area: area_version(area) for area in ("tracker", "forum", "consultations", "site")}
    if model == "recommendation":
        rec.save()
    elif model == "update":
        add_update(rec)
    elif model == "action":
        Action.objects.create(recommendation=rec, title="Train SENCos")
    elif model == "sign_off":
        SignOffDecision.objects.create(recommendation=rec, decision="sent_back", comment="Evidence missing.")
    elif model == "theme":
        theme.delete()
    else:
        rec.themes.add(theme)
    after = {area: area_version(area) for area in before}
    assert after["tracker"] > before["tracker"]
    assert {area: after[area] for area in ("forum", "consultations", "site")} == {
        area: before[area] for area in ("forum", "consultations", "site")
    }  # the tracker's changes retire the tracker's pages only


def test_update_dates_are_valid_time_elements(client, tracker_index, make_recommendation):
    import re

    rec = make_recommendation()
    add_update(rec, date=datetime.date(2026, 6, 1))
    html = client.get(detail_url(tracker_index, rec)).content.decode()
    stamps = re.findall(r'<time datetime="([^"]*)"', html)
    assert stamps and all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?)?", s) for s in stamps
    ), stamps
    assert "2026-06-01" in stamps
