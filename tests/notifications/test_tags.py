"""{% follow_button target %}: what each visitor sees, escaping, and its query budget."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory

from forum_site.notifications import services
from forum_site.notifications.models import Frequency

pytestmark = pytest.mark.django_db


def button_classes(html: str) -> list[list[str]]:
    """The class lists of every <button> and button-styled link in the HTML."""
    return [
        classes.split() for classes in re.findall(r'<(?:button|a)\b[^>]*\bclass="([^"]*\bgovuk-button\b[^"]*)"', html)
    ]


TEMPLATE = Template("{% load notification_tags %}{% follow_button target %}")


def _render(user, target, path="/consultations/short-breaks/?tab=1"):
    request = RequestFactory().get(path)
    request.user = user
    return TEMPLATE.render(RequestContext(request, {"target": target}))


def test_visitor_sees_sign_in_link_without_queries(consultation, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = _render(AnonymousUser(), consultation)
    assert "Sign in to follow" in html
    assert "/accounts/login/?next=/consultations/short-breaks/%3Ftab%3D1" in html
    assert "<form" not in html


def test_member_not_following_sees_follow_form_in_one_query(parent, consultation, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = _render(parent, consultation)
    assert 'action="/notifications/follow/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="content_type" value="consultations.consultationpage"' in html
    assert f'name="object_id" value="{consultation.pk}"' in html
    assert 'name="action" value="follow"' in html
    assert 'value="immediate"' in html and 'value="daily"' in html
    assert "Email me each time" in html and "daily digest" in html
    assert ">Follow<" in html


def test_member_following_sees_stop(parent, recommendation, django_assert_num_queries):
    services.follow_set(user=parent, target=recommendation, frequency=Frequency.DAILY)
    with django_assert_num_queries(1):
        html = _render(parent, recommendation)
    text = " ".join(html.split())
    assert "You are following this recommendation. We email you once a day, in a daily digest." in text
    assert "Stop following<" in html and "Following — stop" not in html
    assert 'name="action" value="stop"' in html
    # Stopping is not destructive: a secondary button, never a red warning one.
    assert button_classes(html) == [["govuk-button", "govuk-button--secondary"]]


@pytest.mark.parametrize("following", [False, True])
def test_follow_buttons_are_secondary_so_the_page_keeps_one_primary(parent, consultation, following):
    if following:
        services.follow_set(user=parent, target=consultation)
    assert button_classes(_render(parent, consultation)) == [["govuk-button", "govuk-button--secondary"]]


def test_the_page_may_name_what_is_followed(parent, consultation):
    services.follow_set(user=parent, target=consultation)
    template = Template('{% load notification_tags %}{% follow_button target noun="board" %}')
    request = RequestFactory().get("/")
    request.user = parent
    text = " ".join(template.render(RequestContext(request, {"target": consultation})).split())
    assert "You are following this board. We email you each time there is news." in text


def test_following_someone_else_does_not_count(parent, make_member, recommendation):
    services.follow_set(user=make_member(), target=recommendation)
    assert 'name="action" value="follow"' in _render(parent, recommendation)


def test_unverified_member_is_asked_to_verify(unverified_parent, consultation, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = _render(unverified_parent, consultation)
    assert "Verify your email address" in html
    assert "<form" not in html


def test_nothing_for_something_that_cannot_be_followed(parent, organiser, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _render(parent, organiser).strip() == ""
        assert _render(parent, None).strip() == ""


def test_title_is_escaped(parent, make_recommendation):
    html = _render(parent, make_recommendation(title='<img src=x onerror="alert(1)">'))
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html
