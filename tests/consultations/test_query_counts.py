"""The consultation page signed in stays within a fixed query budget, whatever the number of questions,
responses or comments: 12 SQL queries in the consultations issue, 13 with members' comments and the
follow button, 8 since the page's route is read from the cache (core/routing.py), and 7 where the
session is read from Redis too (cached_db sessions)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_signed_in_consultation_page_within_budget(client, consultation, parent):
    sign_in(client, parent)
    client.get(consultation.url)  # warm Wagtail's site and navigation caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(consultation.url)
    assert response.status_code == 200
    budget = 7 if settings.SESSION_ENGINE.endswith(".cached_db") else 8
    assert len(ctx.captured_queries) <= budget, "\n".join(q["sql"][:120] for q in ctx.captured_queries)


def test_anonymous_consultation_page_is_served_from_cache(client, consultation):
    client.get(consultation.url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(consultation.url)
    assert response["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0
