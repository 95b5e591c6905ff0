from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

from .models import DISPLAY_NAME_MAX_LENGTH


def display_name_clean(value: str) -> str:
    """Return the display name to store, or raise ValidationError with a message for the form."""
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError("Enter a display name. A pseudonym is fine.", code="required")
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationError(
            f"Display name must be {DISPLAY_NAME_MAX_LENGTH} characters or fewer (it has {len(name)}).",
            code="max_length",
        )
    if any(ch in "<>" for ch in name):
        raise ValidationError("Display name cannot contain < or >.", code="html")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationError("Display name cannot contain control characters.", code="control")
    return name
