"""Ids that come from outside (a URL, a form): checked before the database is asked.

SQLite cannot even compare an integer column with a number past 64 bits (OverflowError, a 500), and a
tampered id should simply be "not found" or "not one of the choices".
"""

from __future__ import annotations

from django import forms

MAX_ID = 2**63 - 1  # the largest id the database's integer columns hold


def id_parse(value) -> int | None:
    """`value` as an int, or None when it is not a whole number an id column could hold."""
    text = str(value).strip()
    if not (text.isascii() and text.isdecimal()) or int(text) > MAX_ID:
        return None
    return int(text)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Objects chosen by id; a value that is not a possible id is refused before the database is asked."""

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            if id_parse(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)
