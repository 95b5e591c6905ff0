"""A consultation response is stored, once, while Redis is stopped or hung (core/cache_backends.py)."""

from __future__ import annotations

import pytest

from consultations.models import Response, ResponseStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("outage", ["redis_stopped", "redis_hung"])
def test_a_response_is_stored_once_while_redis_is_away(request, client, consultation, post_data, outage):
    request.getfixturevalue(outage)
    url = consultation.url + "respond/"
    assert client.get(consultation.url).status_code == 200
    data = post_data(consultation, client=client, send_receipt="on", contact_email="receipt@example.org")
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data)  # the retry a slow page invites
    assert again.status_code == 302 and again["Location"] == first["Location"]
    stored = Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)
    assert stored.count() == 1
    assert stored.get().reference in first["Location"]
    assert client.get(first["Location"]).status_code == 200  # the confirmation page with the reference
