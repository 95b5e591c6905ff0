"""The watch lists in the admin: organisers manage terms; safeguarding terms are a separate list."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from forum_site.moderation.admin_forms import WatchWordForm
from forum_site.moderation.models import WatchAction, WatchWord

pytestmark = pytest.mark.django_db

INDEX = "watch_words:index"
ADD = "watch_words:add"


def test_organiser_adds_a_safeguarding_term_and_it_is_logged(organiser_client, organiser):
    response = organiser_client.post(
        reverse(ADD), {"term": "  hurt  myself ", "action": WatchAction.APPROVE, "safeguarding": "on"}
    )
    assert response.status_code == 302
    word = WatchWord.objects.get()
    assert word.term == "hurt myself" and word.safeguarding
    assert ModelLogEntry.objects.filter(object_id=str(word.pk), action="wagtail.create", user=organiser).exists()


def test_lists_are_separate_by_filter(organiser_client):
    WatchWord.objects.create(term="self-harm", action=WatchAction.APPROVE, safeguarding=True)
    WatchWord.objects.create(term="idiot*", action=WatchAction.FLAG)
    safeguarding = organiser_client.get(reverse(INDEX), {"safeguarding": "true"}).content.decode()
    assert "self-harm" in safeguarding and "idiot*" not in safeguarding
    ordinary = organiser_client.get(reverse(INDEX), {"safeguarding": "false"}).content.decode()
    assert "idiot*" in ordinary and "self-harm" not in ordinary


def test_edit_and_delete(organiser_client):
    word = WatchWord.objects.create(term="rubbish", action=WatchAction.FLAG)
    response = organiser_client.post(
        reverse("watch_words:edit", args=[word.pk]), {"term": "Rubbish", "action": WatchAction.BLOCK}
    )
    assert response.status_code == 302  # its own term, in another case, is not a duplicate
    word.refresh_from_db()
    assert word.term == "Rubbish" and word.action == WatchAction.BLOCK
    assert organiser_client.post(reverse("watch_words:delete", args=[word.pk])).status_code == 302
    assert not WatchWord.objects.exists()


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 101, "at most 100 characters"),
        ("Scumbag", "is already on a watch list"),
        ("idio.*", "Remove: ."),
        ("a|b", "Remove: |"),
        ("(bad)", "Remove: ( )"),
        ("[a-z]+", "Remove: + [ ]"),
        ("*idiot", "Remove: *"),
        ("id*iot", "Remove: *"),
        ("idiot**", "Remove: *"),
        ("back\\slash", "Remove: \\"),
        ("<script>alert(1)</script>", "letters, numbers, spaces"),
    ],
)
def test_bad_terms_are_refused(organiser_client, term, message):
    WatchWord.objects.create(term="scumbag", action=WatchAction.BLOCK)
    response = organiser_client.post(reverse(ADD), {"term": term, "action": WatchAction.BLOCK})
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html
    assert "<script>alert(1)</script>" not in html
    assert WatchWord.objects.count() == 1


@pytest.mark.parametrize("term", ["idiot*", "hurt myself", "self-harm", "don't", "Ryan’s"])
def test_good_terms(term):
    form = WatchWordForm({"term": term, "action": WatchAction.FLAG})
    assert form.is_valid(), form.errors


def test_bad_action_is_refused(organiser_client):
    response = organiser_client.post(reverse(ADD), {"term": "fine", "action": "delete-everything"})
    assert response.status_code == 200 and not WatchWord.objects.exists()


@pytest.mark.parametrize("role", ["parent", "unverified_parent", "member", "scrutiny_member", "officer"])
def test_other_roles_cannot_manage_watch_lists(request, staff_client, role):
    word = WatchWord.objects.create(term="secret-term", action=WatchAction.BLOCK)
    client = staff_client(request.getfixturevalue(role))
    response = client.get(reverse(INDEX))
    assert response.status_code in (302, 403) and b"secret-term" not in response.content
    response = client.post(reverse(ADD), {"term": "new", "action": WatchAction.FLAG})
    assert response.status_code in (302, 403)
    client.post(reverse("watch_words:delete", args=[word.pk]))
    assert list(WatchWord.objects.values_list("term", flat=True)) == ["secret-term"]


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse(INDEX))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("role", ["organiser", "site_admin"])
def test_organisers_and_admins_manage_watch_lists(request, staff_client, role):
    client = staff_client(request.getfixturevalue(role))
    assert client.get(reverse(INDEX)).status_code == 200
    assert client.get(reverse(ADD)).status_code == 200
