"""Security headers on every response: CSP without inline script, HSTS in production, and friends."""

from __future__ import annotations

import pytest

from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        bits = part.strip().split()
        if bits:
            directives[bits[0]] = bits[1:]
    return directives


@pytest.mark.parametrize("path", ["/", "/about/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_headers(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_allows_inline_styles_never_inline_scripts(client, home_page, site_admin, totp):
    mfa_login(client, site_admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = _csp(response)
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-inline'" not in csp["script-src"]


def test_base_settings_are_secure_by_default():
    from forum_site.settings import base

    assert base.DEBUG is False
    assert base.SESSION_COOKIE_SECURE and base.CSRF_COOKIE_SECURE
    assert base.SECURE_HSTS_SECONDS >= 31536000
    assert base.SECURE_SSL_REDIRECT is True
    assert base.STAFF_MFA_REQUIRED is True


def test_hsts_header_when_secure(client, home_page, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
