from django.test import RequestFactory

from forum_site.core.ratelimit import client_ip, limit_exceeded


def test_limit_counts_within_window():
    assert [limit_exceeded(key="t", limit=2, window_seconds=60) for _ in range(4)] == [False, False, True, True]
    assert limit_exceeded(key="other", limit=2, window_seconds=60) is False


def test_client_ip_behind_proxy_and_direct():
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"
    request = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
