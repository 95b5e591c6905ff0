"""Outside ids are checked before the database is asked (forum_site/core/ids.py)."""

from __future__ import annotations

import pytest
from django import forms

from forum_site.accounts.models import User
from forum_site.core.ids import MAX_ID, IdsChoiceField, id_parse


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("10" * 20, None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        ("١٢", None),
        ("1\x00", None),
        ("<b>1</b>", None),
        (7, 7),
    ],
)
def test_id_parse(value, expected):
    assert id_parse(value) == expected


@pytest.mark.django_db
def test_ids_choice_field_refuses_impossible_ids_before_asking_the_database(django_assert_num_queries):
    """Used here with accounts, a kind it was not written for (it serves posts and themes)."""
    user = User.objects.create_user(email="ids@example.org", password="x-Y-z-123456", display_name="Ids")

    class Pick(forms.Form):
        users = IdsChoiceField(queryset=User.objects.all())

    with django_assert_num_queries(0):
        form = Pick({"users": [str(user.pk), "1" * 30]})
        assert not form.is_valid() and "users" in form.errors
    form = Pick({"users": [str(user.pk)]})
    assert form.is_valid() and list(form.cleaned_data["users"]) == [user]
