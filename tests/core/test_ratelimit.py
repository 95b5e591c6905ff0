import pytest
from django.test import RequestFactory

from forum_site.core.ratelimit import client_ip, limit_exceeded


def test_limit_counts_within_window():
    assert [limit_exceeded(key="t", limit=2, window_seconds=60) for _ in range(4)] == [False, False, True, True]
    assert limit_exceeded(key="other", limit=2, window_seconds=60) is False


def test_client_ip_ignores_forwarded_for_without_trusted_proxies(settings):
    """Default (no proxy of ours): a forged X-Forwarded-For changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 0
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"
    forged = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert client_ip(forged) == "10.0.0.5"


@pytest.mark.parametrize(
    ("count", "header", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),  # our load balancer appended the peer it saw
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own entry on the left is ignored
        (2, "6.6.6.6, 198.51.100.7, 10.1.1.1", "198.51.100.7"),  # CDN then load balancer
        (2, "198.51.100.7", "10.0.0.5"),  # shorter than the proxies we have: did not come through them
        (1, "", "10.0.0.5"),
    ],
)
def test_client_ip_with_trusted_proxies(settings, count, header, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_allauth_keys_its_limits_on_the_same_address(settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXY_COUNT = 0
    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert get_adapter(forged).get_client_ip(forged) == "10.0.0.5"
