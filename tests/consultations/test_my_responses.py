"""My responses: a member sees their own answers (as the confirmation page promises), never anyone else's."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Response, ResponseStatus
from tests.conftest import sign_in
from tests.consultations.conftest import questions_by_key, valid_post_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _respond(client, page, **answers) -> Response:
    done = client.post(page.url + "respond/", valid_post_data(page, client=client, **answers))
    assert done.status_code == 302, done.content.decode()[:2000]
    return Response.objects.filter(consultation=page).latest("id")


def _detail(pk) -> str:
    return reverse("consultations:response-detail", args=[pk])


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_a_member_sees_their_own_answers(client, consultation, parent):
    sign_in(client, parent)
    mine = _respond(client, consultation, school="Hill Top Primary", services=["Portage", "Speech therapy"])
    listing = BeautifulSoup(client.get(reverse("consultations:response-list")).content, "html.parser")
    link = listing.find("a", href=_detail(mine.pk))
    assert link is not None, "My responses links to the answers"

    page = client.get(_detail(mine.pk))
    assert page.status_code == 200
    text = _text(page)
    q = questions_by_key(consultation)
    assert mine.reference in text
    assert f"1. {q['school'].text} Hill Top Primary" in text
    # Ticked options in the order the question offers them.
    assert f"4. {q['services'].text} Speech therapy; Portage" in text
    assert f"2. {q['story'].text} We waited a long time for the assessment." in text
    assert "Withdraw this response" in text


def test_the_confirmation_links_a_member_to_their_answers(client, consultation, parent):
    sign_in(client, parent)
    done = client.post(consultation.url + "respond/", valid_post_data(consultation, client=client))
    mine = Response.objects.get(user=parent)
    soup = BeautifulSoup(client.get(done["Location"]).content, "html.parser")
    assert soup.find("a", href=_detail(mine.pk)) is not None


def test_the_confirmation_offers_a_visitor_no_account_link(client, consultation):
    done = client.post(consultation.url + "respond/", valid_post_data(consultation, client=client))
    html = client.get(done["Location"]).content.decode()
    assert reverse("consultations:response-list") not in html
    assert "see your answers" not in html


def test_another_members_answers_are_never_shown(client, consultation, parent):
    theirs = Client()
    other = UserFactory(display_name="Someone else")
    sign_in(theirs, other)
    their_response = _respond(theirs, consultation, school="Secret Lane School")

    sign_in(client, parent)
    mine = _respond(client, consultation, school="Hill Top Primary")
    assert client.get(_detail(their_response.pk)).status_code == 404, "a tampered id finds nothing"
    for url in (reverse("consultations:response-list"), _detail(mine.pk)):
        html = client.get(url).content.decode()
        assert "Secret Lane School" not in html and their_response.reference not in html


def test_an_anonymous_response_is_no_members(client, consultation, parent):
    anonymous = _respond(Client(), consultation)  # a visitor's response: user is None
    sign_in(client, parent)
    assert client.get(_detail(anonymous.pk)).status_code == 404


@pytest.mark.parametrize("pk", ["0", "99999999", "9" * 30])
def test_unknown_or_impossible_ids_are_not_found(client, parent, pk):
    sign_in(client, parent)
    assert client.get(f"/my-account/responses/{pk}/").status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, consultation, parent):
    mine = _respond(Client(), consultation)
    response = client.get(_detail(mine.pk))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_only_get(client, consultation, parent):
    sign_in(client, parent)
    mine = _respond(client, consultation)
    assert client.post(_detail(mine.pk)).status_code == 405


def test_a_draft_shows_its_answers_so_far_and_a_way_back(client, consultation, parent):
    sign_in(client, parent)
    data = valid_post_data(consultation, client=client, school="Draft school", option=None, save_draft="1")
    assert client.post(consultation.url + "respond/", data).status_code == 302
    draft = Response.objects.get(user=parent, status=ResponseStatus.DRAFT)
    text = _text(client.get(_detail(draft.pk)))
    q = questions_by_key(consultation)
    assert "Draft school" in text and f"3. {q['option'].text} (not answered)" in text
    assert "Continue your draft" in text and "Withdraw" not in text


def test_a_withdrawn_response_says_it_is_not_counted(client, consultation, parent):
    sign_in(client, parent)
    mine = _respond(client, consultation)
    client.post(reverse("consultations:response-withdraw", args=[mine.pk]))
    text = _text(client.get(_detail(mine.pk)))
    assert "Withdrawn" in text and "not counted" in text and "Withdraw this response" not in text


def test_answers_page_queries_do_not_grow_with_answers(client, make_consultation, parent):
    sign_in(client, parent)
    page = make_consultation()
    mine = _respond(client, page)
    client.get(_detail(mine.pk))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(_detail(mine.pk)).status_code == 200
    # The session, the user, the response with its consultation, its answers, plus the page chrome.
    assert len(ctx.captured_queries) <= 8, "\n".join(q["sql"][:120] for q in ctx.captured_queries)
