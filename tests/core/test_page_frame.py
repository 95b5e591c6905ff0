"""The page frame every public page shares (templates/base.html): GOV.UK Frontend's header, service
navigation with the current page marked, phase banner, breadcrumbs; and the shared form components."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum_site.core.templatetags.core_tags import datetime_attr

pytestmark = pytest.mark.django_db


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_current_section_is_marked_in_the_navigation(client, home_page):
    soup = _soup(client.get("/about/"))
    current = soup.select('nav[aria-label="Main"] a[aria-current="page"]')
    assert [a.get_text(strip=True) for a in current] == ["About the forum"]
    soup = _soup(client.get("/"))
    assert soup.select('nav[aria-label="Main"] a[aria-current="page"]') == []


def test_the_navigation_has_a_menu_button_for_phones(client, home_page):
    soup = _soup(client.get("/"))
    button = soup.select_one(".govuk-service-navigation__toggle")
    assert button is not None and button["aria-controls"] == "navigation"
    assert soup.find(id="navigation").name == "ul"


def test_phase_banner_links_to_feedback(client, home_page, settings):
    settings.FEEDBACK_URL = "/contact/"
    soup = _soup(client.get("/"))
    banner = soup.select_one(".govuk-phase-banner")
    assert banner.select_one(".govuk-tag").get_text(strip=True) == settings.SERVICE_PHASE
    assert banner.find("a")["href"] == "/contact/"


def test_no_breadcrumbs_on_home_but_on_every_page_below(client, home_page, board):
    assert _soup(client.get("/")).select(".govuk-breadcrumbs") == []
    about = _soup(client.get("/about/"))
    assert [a.get_text(strip=True) for a in about.select(".govuk-breadcrumbs a")] == ["Home"]
    board_page = _soup(client.get(board.url))
    crumbs = [(a.get_text(strip=True), a["href"]) for a in board_page.select(".govuk-breadcrumbs a")]
    assert crumbs == [("Home", "/"), (board.get_parent().title, board.get_parent().url)]


def test_breadcrumbs_cost_no_query_once_known_and_follow_a_renamed_page(client, home_page, board):
    from forum_site.core.templatetags.core_tags import page_breadcrumbs

    page_breadcrumbs(board)
    with CaptureQueriesContext(connection) as queries:
        page_breadcrumbs(board)
    assert len(queries) == 0
    parent = board.get_parent().specific
    parent.title = "Talk to other parents"
    parent.save_revision().publish()
    assert page_breadcrumbs(board)[-1]["title"] == "Talk to other parents"


def test_breadcrumb_trail_for_views_that_are_not_pages():
    from forum_site.core.templatetags.core_tags import breadcrumb_trail

    assert breadcrumb_trail("My account", "/accounts/", "Your responses") == [
        {"title": "Home", "url": "/"},
        {"title": "My account", "url": "/accounts/"},
    ]


def test_datetime_attr_is_valid_html_time():
    moment = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 30, 15, 123456), datetime.UTC)
    assert datetime_attr(moment) == "2026-06-01T10:30:15+01:00"  # Europe/London in summer, no microseconds
    assert datetime_attr(datetime.date(2026, 1, 2)) == "2026-01-02"
    assert datetime_attr(None) == "" and datetime_attr("<script>") == ""


class _Form(forms.Form):
    name = forms.CharField(label="Your name", max_length=40, help_text="Any name you like")
    story = forms.CharField(label="Your story", widget=forms.Textarea, max_length=500)
    colours = forms.MultipleChoiceField(
        label="Colours", choices=[("r", "Red"), ("g", "Green")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="I agree")


def _render(form) -> BeautifulSoup:
    template = Template(
        '{% for field in form %}{% include "components/form_field.html" %}{% endfor %}'
        '{% include "components/error_summary.html" %}'
    )
    return BeautifulSoup(template.render(Context({"form": form})), "html.parser")


def test_form_fields_render_govuk_components_tied_to_their_hints_and_errors():
    soup = _render(_Form(data={"name": "", "story": "x" * 501, "colours": ["r", "<b>"], "size": "l"}))
    name = soup.find("input", attrs={"name": "name"})
    assert name["class"] == ["govuk-input", "govuk-input--error"]
    assert name["aria-describedby"] == "id_name-hint id_name-error"
    assert soup.find(id="id_name-error")["class"] == ["govuk-error-message"]
    story = soup.find("textarea")
    assert "govuk-js-character-count" in story["class"] and "id_story-info" in story["aria-describedby"]
    assert soup.find(attrs={"data-module": "govuk-character-count"})["data-maxlength"] == "500"
    assert soup.select(".govuk-checkboxes__input[name=colours]")[0].has_attr("checked")
    assert soup.select(".govuk-radios__input[name=size]")[1].has_attr("checked")
    # One link per field in error, each with its own message, pointing at the field.
    links = soup.select(".govuk-error-summary__list a")
    assert {a["href"] for a in links} == {"#id_name", "#id_story", "#id_colours_0", "#id_agree"}
