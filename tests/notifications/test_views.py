"""The follow form's view, "What you follow", and the unsubscribe pages: roles, bad input, query counts."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum_site.notifications import selectors, services
from forum_site.notifications.models import DigestItem, Follow, Frequency
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

FOLLOW_URL = "/notifications/follow/"
LIST_URL = "/notifications/"
MEMBER_ROLES = ["parent", "organiser", "scrutiny_member", "officer", "site_admin"]


def _data(target, **overrides):
    data = {
        "content_type": target._meta.label_lower,
        "object_id": str(target.pk),
        "action": "follow",
        "frequency": "immediate",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_urls_are_where_the_docs_say():
    assert reverse("notifications:follow-toggle") == FOLLOW_URL
    assert reverse("notifications:follow-list") == LIST_URL
    assert reverse("notifications:unsubscribe", args=["abc"]) == "/notifications/unsubscribe/abc/"
    assert reverse("notifications:unsubscribe-all", args=["abc"]) == "/notifications/unsubscribe-all/abc/"


# Follow / stop: who may ------------------------------------------------------------------------------


def test_visitor_is_sent_to_sign_in(client, consultation):
    response = client.post(FOLLOW_URL, _data(consultation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Follow.objects.exists()


def test_unverified_member_is_refused(client, unverified_parent, consultation):
    sign_in(client, unverified_parent)
    response = client.post(FOLLOW_URL, _data(consultation))
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert not Follow.objects.exists()


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_every_verified_member_can_follow_and_stop(request, client, consultation, role):
    user = request.getfixturevalue(role)
    sign_in(client, user)
    response = client.post(FOLLOW_URL, _data(consultation, frequency="daily"))
    assert response.status_code == 302
    assert response.url == consultation.url
    follow = Follow.objects.get(user=user)
    assert (follow.target, follow.frequency) == (consultation, "daily")
    client.post(FOLLOW_URL, _data(consultation, action="stop"))
    assert not Follow.objects.exists()


def test_get_is_not_allowed(client, parent):
    sign_in(client, parent)
    assert client.get(FOLLOW_URL).status_code == 405


def test_csrf_is_required(parent, consultation):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, parent)
    assert client.post(FOLLOW_URL, _data(consultation)).status_code == 403
    assert not Follow.objects.exists()


def test_follow_twice_keeps_one_follow_and_says_so(client, parent, consultation):
    sign_in(client, parent)
    client.post(FOLLOW_URL, _data(consultation))
    response = client.post(FOLLOW_URL, _data(consultation), follow=True)
    assert Follow.objects.filter(user=parent).count() == 1
    assert f"You are following {consultation.title}" in response.content.decode()


# Follow / stop: bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"content_type": "accounts.user"},  # listed nowhere
        {"content_type": "nosuchapp.thing"},  # unknown
        {"content_type": "wagtailcore.page"},  # a page, but not a followable type
        {"content_type": '<script>alert("x")</script>'},
        {"content_type": "x" * 101},
        {"content_type": None},
        {"object_id": "abc"},
        {"object_id": "-3"},
        {"object_id": "0"},
        {"object_id": str(2**64)},
        {"object_id": None},
        {"frequency": "weekly"},
        {"frequency": "<b>daily</b>"},
        {"action": "delete"},
        {"action": None},
        {"next": "/" + "x" * 2001},
    ],
)
def test_bad_input_is_refused_with_400_and_changes_nothing(client, parent, consultation, overrides):
    sign_in(client, parent)
    response = client.post(FOLLOW_URL, _data(consultation, **overrides))
    assert response.status_code == 400
    assert not Follow.objects.exists()
    content = response.content.decode()
    assert "There is a problem" in content
    assert "<script>alert" not in content


def test_bad_input_does_not_change_an_existing_follow(client, parent, consultation):
    services.follow_set(user=parent, target=consultation, frequency=Frequency.DAILY)
    sign_in(client, parent)
    assert client.post(FOLLOW_URL, _data(consultation, frequency="hourly")).status_code == 400
    assert Follow.objects.get().frequency == "daily"


def test_tampered_object_id_is_404(client, parent, consultation, recommendation):
    sign_in(client, parent)
    assert client.post(FOLLOW_URL, _data(consultation, object_id="999999")).status_code == 404
    # A consultation's id sent as a forum topic's: no such topic.
    assert client.post(FOLLOW_URL, _data(consultation, content_type="discussions.topic")).status_code == 404
    # The id of a recommendation posted as a consultation page.
    assert client.post(FOLLOW_URL, _data(consultation, object_id=str(recommendation.pk + 10_000))).status_code == 404
    assert not Follow.objects.exists()


def test_unpublished_page_cannot_be_followed(client, parent, consultation):
    consultation.unpublish()
    sign_in(client, parent)
    assert client.post(FOLLOW_URL, _data(consultation)).status_code == 404
    assert not Follow.objects.exists()


def test_next_is_followed_only_when_it_is_on_this_site(client, parent, consultation):
    sign_in(client, parent)
    response = client.post(FOLLOW_URL, _data(consultation, next="/consultations/?page=2"))
    assert response.url == "/consultations/?page=2"
    for unsafe in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(FOLLOW_URL, _data(consultation, next=unsafe))
        assert response.url == consultation.url


def test_following_a_recommendation_goes_back_to_it(client, parent, recommendation):
    sign_in(client, parent)
    response = client.post(FOLLOW_URL, _data(recommendation))
    assert response.url == recommendation.get_absolute_url()
    assert client.get(response.url).status_code == 200
    assert Follow.objects.get().target == recommendation


def test_stop_works_when_the_followed_thing_has_gone(client, parent, make_recommendation):
    gone = make_recommendation()
    services.follow_set(user=parent, target=gone)
    data = _data(gone, action="stop")
    gone.delete()
    sign_in(client, parent)
    response = client.post(FOLLOW_URL, data)
    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_stop_only_removes_my_own_follow(client, parent, make_member, consultation):
    other = make_member()
    theirs = services.follow_set(user=other, target=consultation)
    sign_in(client, parent)
    client.post(FOLLOW_URL, _data(consultation, action="stop"))
    assert list(Follow.objects.all()) == [theirs]


# What you follow -------------------------------------------------------------------------------------


def test_follow_list_sends_visitors_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_follow_list_refuses_unverified_members(client, unverified_parent):
    sign_in(client, unverified_parent)
    response = client.get(LIST_URL)
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert "What you follow" not in response.content.decode()


@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_follow_list_shows_only_my_follows(request, client, make_member, consultation, recommendation, role):
    user = request.getfixturevalue(role)
    services.follow_set(user=user, target=consultation)
    services.follow_set(user=make_member(), target=recommendation)
    sign_in(client, user)
    response = client.get(LIST_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert f'<a class="govuk-link" href="{consultation.url}">{consultation.title}</a>' in content
    assert str(recommendation) not in content


def test_follow_list_empty(client, parent):
    sign_in(client, parent)
    assert "You do not follow anything yet" in client.get(LIST_URL).content.decode()


def test_follow_list_changes_frequency_and_stops(client, parent, consultation, recommendation):
    services.follow_set(user=parent, target=consultation)
    services.follow_set(user=parent, target=recommendation)
    sign_in(client, parent)
    content = client.get(LIST_URL).content.decode()
    assert 'name="frequency"' in content and "Stop following" in content
    response = client.post(FOLLOW_URL, _data(consultation, frequency="daily", next=LIST_URL))
    assert response.url == LIST_URL
    assert Follow.objects.get(object_id=consultation.pk, content_type__model="consultationpage").frequency == "daily"
    client.post(FOLLOW_URL, _data(recommendation, action="stop", next=LIST_URL))
    assert [f.target for f in Follow.objects.filter(user=parent)] == [consultation]


def test_follow_list_escapes_titles(client, parent, make_recommendation):
    services.follow_set(user=parent, target=make_recommendation(title='<script>alert("x")</script>'))
    sign_in(client, parent)
    content = client.get(LIST_URL).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;" in content


def test_follow_list_shows_removed_things(client, parent, make_recommendation):
    gone = make_recommendation()
    services.follow_set(user=parent, target=gone)
    gone.delete()
    sign_in(client, parent)
    assert "Something that has since been removed" in client.get(LIST_URL).content.decode()


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_follow_list_query_count_does_not_grow(
    client, make_member, make_consultation, make_review, make_recommendation
):
    few, many = make_member(), make_member()
    pages = [make_consultation(), make_consultation()]
    review = make_review()
    recommendations = [make_recommendation(review=review) for _ in range(30)]
    for user, count in ((few, 3), (many, 30)):
        for page in pages:
            services.follow_set(user=user, target=page)
        services.follow_set(user=user, target=review)
        for recommendation in recommendations[:count]:
            services.follow_set(user=user, target=recommendation)
    sign_in(client, few)
    _list_queries(client)  # warm Wagtail's site-root cache
    few_queries = _list_queries(client)
    sign_in(client, many)
    many_queries = _list_queries(client)
    assert few_queries == many_queries


# Unsubscribe -----------------------------------------------------------------------------------------


def _unsubscribe_path(follow):
    return reverse("notifications:unsubscribe", args=[selectors.unsubscribe_token(follow)])


def test_unsubscribe_get_asks_and_changes_nothing(client, parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    response = client.get(_unsubscribe_path(follow))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">Stop emails about {consultation.title}?</h1>' in content
    assert '<form method="post">' in content
    assert Follow.objects.filter(pk=follow.pk).exists()
    assert "noindex" in content


def test_unsubscribe_post_removes_and_confirms(client, parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    path = _unsubscribe_path(follow)
    response = client.post(path)
    assert response.status_code == 200
    assert f"You will no longer get emails about {consultation.title}" in response.content.decode()
    assert not Follow.objects.exists()
    again = client.post(path)
    assert "You were already unsubscribed" in again.content.decode()
    assert "You were already unsubscribed" in client.get(path).content.decode()


def test_one_click_unsubscribe_needs_no_session_or_csrf(parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _unsubscribe_path(follow), data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Follow.objects.exists()


def test_unsubscribe_works_signed_in_as_someone_else(client, organiser, parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    sign_in(client, organiser)
    client.post(_unsubscribe_path(follow))
    assert not Follow.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_unsubscribe_token_is_400_and_changes_nothing(client, parent, make_member, consultation, method):
    follow = services.follow_set(user=parent, target=consultation)
    token = selectors.unsubscribe_token(follow)
    other = services.follow_set(user=make_member(), target=consultation)
    forged_salt = signing.dumps({"f": other.pk, "u": other.user_id}, salt="something-else")
    wrong_shape = signing.dumps([other.pk], salt=selectors.UNSUBSCRIBE_SALT)
    for bad in (token[:-2], token + "x", "abc", forged_salt, wrong_shape, '"><img src=x onerror=alert(1)>'):
        response = getattr(client, method)(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400, bad
        assert "This unsubscribe link does not work" in response.content.decode()
        assert "<img src=x" not in response.content.decode()
    assert Follow.objects.count() == 2


def test_unsubscribe_allows_only_get_and_post(client, parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    assert client.put(_unsubscribe_path(follow)).status_code == 405
    assert client.delete(_unsubscribe_path(follow)).status_code == 405
    assert Follow.objects.exists()


def test_unsubscribe_all(client, parent, make_member, consultation, recommendation):
    first = services.follow_set(user=parent, target=consultation, frequency=Frequency.DAILY)
    services.follow_set(user=parent, target=recommendation)
    DigestItem.objects.create(user=parent, follow=first, subject="S", text="t", url="")
    other = services.follow_set(user=make_member(), target=consultation)
    path = selectors.unsubscribe_all_url(parent).removeprefix("http://127.0.0.1:8000")
    response = client.get(path)
    assert "You follow 2 things" in response.content.decode()
    assert Follow.objects.count() == 3
    response = Client(enforce_csrf_checks=True).post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert "You will no longer get emails about anything you followed" in response.content.decode()
    assert list(Follow.objects.all()) == [other]
    assert not DigestItem.objects.exists()
    assert "You were already unsubscribed" in client.post(path).content.decode()


def test_unsubscribe_all_refuses_tampered_tokens(client, parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    single = selectors.unsubscribe_token(follow)  # a one-follow token is not an "everything" token
    for bad in ("abc", single):
        assert client.post(f"/notifications/unsubscribe-all/{bad}/").status_code == 400
    assert Follow.objects.exists()


def test_messages_after_follow(client, parent, consultation):
    sign_in(client, parent)
    response = client.post(FOLLOW_URL, _data(consultation, frequency="daily"))
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == [f"You are following {consultation.title}. We will email you in one email a day."]


def test_my_account_links_to_what_you_follow(client, parent):
    sign_in(client, parent)
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(reverse("accounts:account-home")).content.decode(), "html.parser")
    names = {a["href"]: " ".join(a.get_text(" ").split()).lower() for a in page.find("main").find_all("a", href=True)}
    assert "what you follow" in names[LIST_URL]
    assert "email settings" in names[reverse("notifications:preferences")]


def test_pages_are_never_cached_for_visitors(client, parent, consultation):
    follow = services.follow_set(user=parent, target=consultation)
    response = client.get(_unsubscribe_path(follow))
    assert "X-Page-Cache" not in response
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
