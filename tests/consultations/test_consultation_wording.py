"""The consultation page says what is true now: who can respond (to this reader), and past tense once closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from consultations.models import ConsultationPage
from forum_site.demo.consultations import demo_consultations_load
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _text(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return " ".join(main.get_text(" ").split())


def _dates(state: str) -> dict:
    now = timezone.now()
    return {
        "open": {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=7)},
        "closed": {"opens_at": now - timedelta(days=30), "closes_at": now - timedelta(days=1)},
        "upcoming": {"opens_at": now + timedelta(days=3), "closes_at": now + timedelta(days=30)},
    }[state]


@pytest.mark.parametrize(
    ("state", "anonymous", "signed_in", "says"),
    [
        ("open", False, False, "Responding Only members can respond, so sign in first."),
        ("open", False, True, "Responding You can respond as a member (you are signed in)."),
        ("open", True, False, "Responding You can respond with or without an account."),
        ("open", True, True, "Responding You can respond with or without an account."),
        ("upcoming", False, False, "Responding When it opens, only members can respond, so sign in first."),
        ("upcoming", False, True, "Responding When it opens, you can respond as a member (you are signed in)."),
        ("upcoming", True, False, "Responding When it opens, you can respond with or without an account."),
    ],
)
def test_who_can_respond_is_said_to_this_reader(client, make_consultation, parent, state, anonymous, signed_in, says):
    page = make_consultation(allow_anonymous=anonymous, **_dates(state))
    if signed_in:
        sign_in(client, parent)
    text = _text(client, page)
    assert says in text
    if signed_in:
        assert "sign in" not in text.lower()
    assert "What we will ask" in text and "What we asked" not in text


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("anonymous", [False, True])
def test_a_closed_consultation_speaks_in_the_past(client, make_consultation, parent, signed_in, anonymous):
    page = make_consultation(allow_anonymous=anonymous, **_dates("closed"))
    if signed_in:
        sign_in(client, parent)
    text = _text(client, page)
    assert "Sign in to respond" not in text and "sign in first" not in text
    assert "Responding" not in text, "nobody can respond to a closed consultation"
    assert "What we asked" in text and "What we will ask" not in text
    assert "Respond online" not in text
    assert 'we will publish "You said, we did" on this page' in text


def test_a_closed_consultation_with_its_outcome_does_not_promise_it_again(client, make_consultation):
    page = make_consultation(
        outcome_published=True,
        outcome_summary="<p>You told us.</p>",
        outcome_changes="<p>We changed.</p>",
        **_dates("closed"),
    )
    text = _text(client, page)
    assert "You said, we did" in text and "we will publish" not in text


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_closed_demo_consultation_does_not_point_below_to_results_above(client, home_page, parent, signed_in):
    demo_consultations_load(home_page)
    page = ConsultationPage.objects.get(slug="ehc-assessment-keeping-families-informed")
    assert page.state == "closed" and page.outcome_published
    if signed_in:
        sign_in(client, parent)
    html = client.get(page.url).content.decode()
    text = _text(client, page)
    assert "below" not in text.lower()
    assert html.index("You said, we did") < html.index("What happens next"), "the outcome comes first"
    assert "What we asked" in text and "Sign in to respond" not in text
