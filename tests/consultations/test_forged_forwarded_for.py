"""The per-connection limit on emails a visitor can make the site send cannot be dodged by writing a new
X-Forwarded-For header on each request (TRUSTED_PROXY_COUNT, core/ratelimit.py)."""

from __future__ import annotations

import pytest
from django.core import mail

from consultations.views import EMAILS_PER_IP_PER_HOUR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("proxies", [0, 1])
def test_forged_forwarded_for_does_not_reset_the_connection_limit(client, settings, consultation, post_data, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    url = consultation.url + "respond/"
    answers = []
    for n in range(EMAILS_PER_IP_PER_HOUR + 1):
        data = post_data(consultation, client=client, option=None, save_link="1", contact_email=f"anon{n}@example.org")
        # The attacker writes a fresh address on the left; with one proxy of ours, it appends the real peer.
        header = f"203.0.113.{n}" if proxies == 0 else f"203.0.113.{n}, 198.51.100.7"
        answers.append(client.post(url, data, HTTP_X_FORWARDED_FOR=header))
    assert all(r.status_code == 302 for r in answers[:EMAILS_PER_IP_PER_HOUR])
    last = answers[-1]
    assert last.status_code == 200 and "too many emails" in last.content.decode()
    assert len(mail.outbox) == EMAILS_PER_IP_PER_HOUR
