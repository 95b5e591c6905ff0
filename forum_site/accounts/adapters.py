from __future__ import annotations

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum_site.core.context_processors import site
from forum_site.core.ratelimit import client_ip
from forum_site.core.tasks import email_enqueue

from . import roles
from .models import User

# allauth's messages for the errors its forms and flows raise, in our words (the keys are allauth's).
ACCOUNT_ERROR_MESSAGES = {
    "account_inactive": "This account is not active. If you think this is wrong, contact us.",
    "cannot_remove_primary_email": "You cannot remove the email address we use for your account.",
    "duplicate_email": "That is already the email address for your account.",
    "email_password_mismatch": "The email address or password is not right. Check them and try again.",
    "email_taken": "Enter a different email address.",
    "enter_current_password": "Your current password is not right. Check it and try again.",
    "incorrect_code": "That code is not right. Check it and try again.",
    "incorrect_password": "The password is not right. Check it and try again.",
    "invalid_or_expired_key": "This link has expired or has already been used.",
    "invalid_login": "The email address or password is not right. Check them and try again.",
    "invalid_password_reset": "This password reset link has expired or has already been used.",
    "max_email_addresses": "You cannot add more than %d email addresses.",
    "too_many_login_attempts": "You have tried to sign in too many times. Wait a few minutes and try again, or reset your password.",
    "unknown_email": "The email address or password is not right. Check them and try again.",
    "unverified_primary_email": "Confirm your email address first. We have sent you a link.",
    "same_as_current": "Enter an email address that is different from the one you use now.",
    "rate_limited": "You have tried this too many times. Wait a few minutes, then try again.",
}

MFA_ERROR_MESSAGES = {
    "add_email_blocked": "You cannot add an email address while two-factor authentication is on.",
    "cannot_delete_authenticator": "You cannot turn off two-factor authentication for this account.",
    "cannot_generate_recovery_codes": "Turn on two-factor authentication before you make recovery codes.",
    "incorrect_code": "That code is not right. Enter the 6-digit code your authenticator app shows now.",
    "unverified_email": "Confirm your email address before you turn on two-factor authentication.",
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **ACCOUNT_ERROR_MESSAGES}

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        display_name = form.cleaned_data.get("display_name")
        if display_name:
            user.display_name = display_name
        if commit:
            user.save()
            user.groups.add(Group.objects.get(name=roles.PARENTS))
        return user

    def clean_email(self, email: str) -> str:
        """Sign-up, a new address and password reset: an address the account could not store is refused here,
        with one message (Django's own check says only "not valid" past 320 characters)."""
        email = super().clean_email(email)
        limit = User._meta.get_field("email").max_length
        if len(email) > limit:
            raise ValidationError(f"Email address must be {limit} characters or fewer", code="max_length")
        return email

    def get_client_ip(self, request) -> str:
        """allauth's rate limits key on the same address as ours (TRUSTED_PROXY_COUNT)."""
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every allauth email, in the background. Its templates (templates/account/email/, mfa/email/) name the
        site from settings (`site_name`, as on every page), never from the request's host, and link back with
        `sign_in_url` and `forgotten_password_url`."""
        from allauth.core import context as allauth_context

        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            **site(request),
            # Like every other email the site sends, links of our own start from SITE_URL.
            "sign_in_url": settings.SITE_URL.rstrip("/") + reverse("account_login"),
            "forgotten_password_url": settings.SITE_URL.rstrip("/") + reverse("account_reset_password"),
            "confirmation_expire_days": account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
            "password_reset_timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        ctx.update(context)
        email_enqueue(self.render_mail(template_prefix, email, ctx))

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        """Security notices ("your password was changed") greet the member by their display name."""
        super().send_notification_mail(template_prefix, user, {"user": user, **(context or {})}, email)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {**DefaultMFAAdapter.error_messages, **MFA_ERROR_MESSAGES}
