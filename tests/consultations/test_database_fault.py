"""When the database fails while a response is saved, the respondent is told plainly that sending again is safe.

The page must render with the database gone: after the fault, every query in these tests raises.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError, InterfaceError, OperationalError, ProgrammingError, connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from consultations import services
from consultations.models import Answer, Response, ResponseStatus
from tests.conftest import sign_in
from tests.consultations.conftest import valid_post_data


def _respond_url(page) -> str:
    return page.url + "respond/"


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _text(soup) -> str:
    return " ".join(soup.get_text().split())


def _assert_accessible_page(soup) -> None:
    assert soup.find("html")["lang"] == "en-GB"
    assert len(soup.find_all("h1")) == 1
    skip = soup.find("a", class_="govuk-skip-link")
    assert skip and skip["href"] == "#main-content" and soup.find("main", id="main-content")


class DatabaseDown:
    """After `fail()`, every query raises OperationalError, as when the database server has gone away."""

    def __init__(self):
        self.down = False
        self.queries_after = []

    def fail(self):
        self.down = True

    def __call__(self, execute, sql, params, many, context):
        if self.down:
            self.queries_after.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.fixture
def database_fault(monkeypatch):
    """database_fault(error, target) -> DatabaseDown: the first call of services.<target> takes the database
    down (for the rest of the request, inside connection.execute_wrapper) and raises `error`; later calls work."""
    db = DatabaseDown()
    calls = []

    def install(error: DatabaseError, target: str = "response_submit"):
        real_target = getattr(services, target)

        def failing(**kwargs):
            calls.append(kwargs)
            if len(calls) == 1:
                db.fail()
                raise error
            return real_target(**kwargs)

        monkeypatch.setattr(services, target, failing)
        return db

    install.calls = calls
    return install


@pytest.mark.parametrize("error", [DatabaseError("boom"), OperationalError("gone away"), InterfaceError("closed")])
def test_a_database_fault_says_sending_again_is_safe(client, consultation, database_fault, error):
    data = valid_post_data(consultation, client=client, consent_quote="on")
    db = database_fault(error)
    with connection.execute_wrapper(db):
        response = client.post(_respond_url(consultation), data)
    assert db.down and db.queries_after == [], f"the error page touched the database: {db.queries_after}"
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    soup = _soup(response)
    _assert_accessible_page(soup)
    text = _text(soup)
    assert "It is safe to send it again" in text and "it will not be recorded twice" in text
    assert "Press the button below" in text and "wait a few minutes and press it again" in text
    assert Response.objects.count() == 0


def test_sending_again_after_the_fault_stores_one_response(client, consultation, database_fault):
    data = valid_post_data(consultation, client=client, consent_quote="on")
    db = database_fault(OperationalError("gone away"))
    with connection.execute_wrapper(db):
        failed = client.post(_respond_url(consultation), data)
    assert failed.status_code == 503 and Response.objects.count() == 0

    # The page's button sends exactly the same answers and the same key again.
    form = _soup(failed).find("main").find("form")
    assert form["method"] == "post" and form["action"] == _respond_url(consultation)
    resent: dict[str, list[str]] = {}
    for field in form.find_all("input"):
        resent.setdefault(field["name"], []).append(field.get("value", ""))
    assert resent["idempotency_key"] == [data["idempotency_key"]]
    assert resent["consent_quote"] == ["on"]
    for name, value in data.items():
        assert resent[name] == (value if isinstance(value, list) else [value]), f"{name} was not kept"
    assert form.find("button", string=lambda s: s and "Send my response again" in s)

    again = client.post(_respond_url(consultation), resent)
    assert again.status_code == 302
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.SUBMITTED and saved.consent_quote is True
    assert again["Location"].endswith(f"/respond/done/{saved.reference}/")
    # ...and pressing the old form's Send again (the browser's Back button) is the same response, not a second.
    assert client.post(_respond_url(consultation), data)["Location"] == again["Location"]
    assert Response.objects.count() == 1
    assert Answer.objects.filter(response=saved).count() == Answer.objects.count() > 0
    assert len(database_fault.calls) == 3


def test_a_fault_after_the_response_was_saved_still_gives_one_response(client, consultation, monkeypatch):
    """If the database fails after the row was written (e.g. the commit's answer is lost), sending again finds it."""
    data = valid_post_data(consultation, client=client)
    real = services.response_submit
    state = {"calls": 0}

    def saved_then_failed(**kwargs):
        state["calls"] += 1
        submission = real(**kwargs)
        if state["calls"] == 1:
            raise OperationalError("connection lost after commit")
        return submission

    monkeypatch.setattr(services, "response_submit", saved_then_failed)
    assert client.post(_respond_url(consultation), data).status_code == 503
    again = client.post(_respond_url(consultation), data)
    assert again.status_code == 302 and Response.objects.count() == 1
    assert again["Location"].endswith(f"/respond/done/{Response.objects.get().reference}/")


def test_a_fault_while_saving_a_draft_offers_to_save_again(client, consultation, parent, database_fault):
    sign_in(client, parent)
    data = {**valid_post_data(consultation, client=client), "save_draft": ""}
    db = database_fault(OperationalError("gone away"), target="response_draft_save")
    with connection.execute_wrapper(db):
        response = client.post(_respond_url(consultation), data)
    assert response.status_code == 503 and db.queries_after == []
    soup = _soup(response)
    assert soup.find("input", attrs={"name": "save_draft", "type": "hidden"}), "sending again saves a draft again"
    assert "Save my answers again" in _text(soup)
    assert Response.objects.count() == 0


def test_a_bug_is_not_passed_off_as_a_passing_fault(client, consultation, monkeypatch):
    """ProgrammingError (broken SQL) is not something sending again can fix: it is a server error (500)."""
    data = valid_post_data(consultation, client=client)

    def broken(**kwargs):
        raise ProgrammingError("no such column")

    monkeypatch.setattr(services, "response_submit", broken)
    with pytest.raises(ProgrammingError):
        client.post(_respond_url(consultation), data)


def test_the_save_failed_page_renders_with_no_database(django_db_blocker):
    with django_db_blocker.block():
        html = render_to_string(
            "consultations/response_save_failed.html",
            {
                "site_name": "Northfield Parent Carer Forum",
                "title": "Short <breaks>",
                "action": "/consultations/short-breaks/respond/",
                "csrf_token": "token",
                "resend": [("q_x", '"><script>alert(1)</script>')],
            },
        )
    soup = BeautifulSoup(html, "html.parser")
    _assert_accessible_page(soup)
    assert "<script>alert" not in html and "Short &lt;breaks&gt;" in html, "answers sent back are escaped"
    assert soup.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"] == "token"


# --- the generic server error page ---------------------------------------------------------------


def test_the_500_page_renders_with_no_database_and_says_sending_again_is_safe(django_db_blocker):
    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/consultations/x/respond/"))
    assert response.status_code == 500
    soup = _soup(response)
    _assert_accessible_page(soup)
    text = _text(soup)
    assert "Sorry, there is a problem with the service" in soup.h1.get_text()
    assert "If you were sending a consultation response, it is safe to send it again" in text
    assert "It will not be recorded twice" in text


def test_an_unexpected_error_while_sending_shows_the_500_page(consultation, monkeypatch):
    browser = Client(raise_request_exception=False)
    data = valid_post_data(consultation, client=browser)

    def broken(**kwargs):
        raise RuntimeError("something else went wrong")

    monkeypatch.setattr(services, "response_submit", broken)
    response = browser.post(_respond_url(consultation), data)
    assert response.status_code == 500
    assert "it is safe to send it again" in response.content.decode()
