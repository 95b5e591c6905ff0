"""Every account form: ours, and allauth's with our labels and our error messages (ACCOUNT_FORMS, MFA_FORMS).

Each field says what is missing or wrong in its own words ("Enter your email address", never "This field
is required." three times), so the error summary links each message to the field it is about.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from django import forms
from django.contrib.auth import password_validation
from django.utils.functional import Promise

from .models import DISPLAY_NAME_MAX_LENGTH, User
from .validators import display_name_clean

DISPLAY_NAME_HELP = "Shown next to what you write. Use a pseudonym if you like; we never ask for your real name."

EMAIL_INVALID = "Enter a valid email address, like name@example.com"
PASSWORDS_DIFFER = "The passwords do not match. Type the same password in both boxes."
CODE_HELP = (
    "The 6-digit code your authenticator app shows now. If you cannot use the app, enter one of your recovery codes."
)
CODE_REQUIRED = "Enter the 6-digit code from your authenticator app"


def _email(required: str, label: str = "Email address") -> dict:
    return {"label": label, "messages": {"required": required, "invalid": EMAIL_INVALID}}


def _new_password_help() -> str:
    """What our password rules ask for, in one sentence (from AUTH_PASSWORD_VALIDATORS, so it stays true)."""
    lengths = [v.min_length for v in password_validation.get_default_password_validators() if hasattr(v, "min_length")]
    least = f"at least {max(lengths)} characters" if lengths else "a few words"
    return f"Use {least}. Three or four random words together are easy to remember and hard to guess."


class FieldMessages:
    """Labels, hints and error messages for the fields a form has, set after allauth builds them.

    `fields_text = {"email": {"label": ..., "help": ..., "messages": {"required": ...}}}`. Placeholders are
    removed (a hint belongs in the hint, where it does not vanish as you type). allauth's own wording that it
    adds with `add_error` is replaced through `reworded`.
    """

    fields_text: dict[str, dict] = {}
    reworded = {"You must type the same password each time.": PASSWORDS_DIFFER}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in self.fields_text.items():
            field = self.fields.get(name)
            if field is None:
                continue
            if "label" in text:
                field.label = text["label"]
            if "help" in text:
                field.help_text = text["help"]() if callable(text["help"]) else text["help"]
            field.error_messages = {**field.error_messages, **text.get("messages", {})}
            field.widget.attrs.pop("placeholder", None)

    def add_error(self, field, error):
        if isinstance(error, (str, Promise)) and str(error) in self.reworded:
            error = self.reworded[str(error)]
        super().add_error(field, error)


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Display name")
        kwargs.setdefault("help_text", DISPLAY_NAME_HELP)
        kwargs.setdefault("error_messages", {"required": "Enter a display name. A pseudonym is fine."})
        # A little longer than the limit so an over-long name gets our message, not a truncated field.
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": DISPLAY_NAME_MAX_LENGTH + 50})
        )
        super().__init__(max_length=None, **kwargs)

    def clean(self, value):
        return display_name_clean(super().clean(value))


class SignupForm(FieldMessages, allauth_forms.SignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS["signup"]) with a display name and nothing else about the person."""

    display_name = DisplayNameField()

    field_order = ["email", "display_name", "password1", "password2"]
    fields_text = {
        "email": {**_email("Enter your email address"), "help": "We will send you a link to check it is yours."},
        "password1": {
            "label": "Create a password",
            "help": _new_password_help,
            "messages": {"required": "Enter a password"},
        },
        "password2": {"label": "Confirm your password", "messages": {"required": "Type your password again"}},
    }


class LoginForm(FieldMessages, allauth_forms.LoginForm):
    """allauth's sign-in form with plain labels; the "forgot password" link goes after the form, not
    inside the password field's hint (where it would sit between the label and the input)."""

    fields_text = {
        "login": _email("Enter your email address"),
        "password": {"label": "Password", "help": "", "messages": {"required": "Enter your password"}},
        "remember": {"label": "Keep me signed in on this device"},
    }


class ResetPasswordForm(FieldMessages, allauth_forms.ResetPasswordForm):
    fields_text = {"email": _email("Enter the email address you use to sign in")}


class ResetPasswordKeyForm(FieldMessages, allauth_forms.ResetPasswordKeyForm):
    fields_text = {
        "password1": {
            "label": "New password",
            "help": _new_password_help,
            "messages": {"required": "Enter a new password"},
        },
        "password2": {"label": "Confirm your new password", "messages": {"required": "Type your new password again"}},
    }


class ChangePasswordForm(FieldMessages, allauth_forms.ChangePasswordForm):
    fields_text = {
        "oldpassword": {
            "label": "Current password",
            "help": "",
            "messages": {"required": "Enter your current password"},
        },
        **ResetPasswordKeyForm.fields_text,
    }


class SetPasswordForm(FieldMessages, allauth_forms.SetPasswordForm):
    fields_text = {
        "password1": {
            "label": "Create a password",
            "help": _new_password_help,
            "messages": {"required": "Enter a password"},
        },
        "password2": {"label": "Confirm your password", "messages": {"required": "Type your password again"}},
    }


class AddEmailForm(FieldMessages, allauth_forms.AddEmailForm):
    """Changing the email address (ACCOUNT_CHANGE_EMAIL: the new address replaces the old once confirmed)."""

    fields_text = {
        "email": {
            **_email("Enter your new email address", "New email address"),
            "help": "We will send a link to it. Your address changes when you open the link.",
        }
    }


class ReauthenticateForm(FieldMessages, allauth_forms.ReauthenticateForm):
    fields_text = {"password": {"label": "Your password", "help": "", "messages": {"required": "Enter your password"}}}


class MFAAuthenticateForm(FieldMessages, mfa_base_forms.AuthenticateForm):
    fields_text = {"code": {"label": "Code", "help": CODE_HELP, "messages": {"required": CODE_REQUIRED}}}


class MFAReauthenticateForm(FieldMessages, mfa_base_forms.ReauthenticateForm):
    fields_text = MFAAuthenticateForm.fields_text


class ActivateTOTPForm(FieldMessages, mfa_totp_forms.ActivateTOTPForm):
    fields_text = {
        "code": {
            "label": "Code from your authenticator app",
            "help": "After you scan the QR code, the app shows a 6-digit code. Enter it here.",
            "messages": {"required": CODE_REQUIRED},
        }
    }


class DisplayNameForm(forms.ModelForm):
    display_name = DisplayNameField()

    class Meta:
        model = User
        fields = ["display_name"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="To protect your account, enter your password to confirm.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
        error_messages={"required": "Enter your password to confirm it is you."},
    )
    confirm = forms.BooleanField(
        label="I understand that deleting my account cannot be undone",
        required=True,
        error_messages={"required": "Tick the box to confirm you understand this cannot be undone."},
    )

    def __init__(self, *args, user: User, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct.", code="wrong_password")
        return password
