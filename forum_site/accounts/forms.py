from __future__ import annotations

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import authenticate

from .models import DISPLAY_NAME_MAX_LENGTH, User
from .validators import display_name_clean

DISPLAY_NAME_HELP = "Shown next to what you write. Use a pseudonym if you like; we never ask for your real name."


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Display name")
        kwargs.setdefault("help_text", DISPLAY_NAME_HELP)
        kwargs.setdefault("error_messages", {"required": "Enter a display name. A pseudonym is fine."})
        # A little longer than the limit so an over-long name gets our message, not a truncated field.
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": DISPLAY_NAME_MAX_LENGTH + 50}))
        super().__init__(max_length=None, **kwargs)

    def clean(self, value):
        return display_name_clean(super().clean(value))


class SignupForm(forms.Form):
    """Extra sign-up fields for allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = DisplayNameField()

    field_order = ["email", "display_name", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        """allauth calls this after saving; AccountAdapter.save_user already stored the display name."""


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


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with plain labels; the "forgot password" link goes after the form, not
    inside the password field's hint (where it would sit between the label and the input)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
