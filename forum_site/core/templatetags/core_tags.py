from __future__ import annotations

from django import template

from forum_site.accounts.models import FORMER_MEMBER
from forum_site.core.sanitize import render_user_text

register = template.Library()


@register.filter
def author_name(user) -> str:
    """The name to show beside something a member wrote; "a former member" once the account is gone.

    Takes the user, or just their display name where a list read only that (posts_for_reader).
    Returns plain text; the template engine escapes it.
    """
    if user is None:
        return FORMER_MEMBER
    name = user if isinstance(user, str) else user.display_name
    return name or FORMER_MEMBER


@register.filter
def user_text(value) -> str:
    """Member-written text as safe HTML (paragraphs, line breaks, links) through the one sanitiser.

    Use this, never |safe, for anything a member wrote: `{{ post.body|user_text }}`.
    """
    if value is None:
        return ""
    return render_user_text(str(value))


@register.filter
def is_checkbox(bound_field) -> bool:
    from django import forms

    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.simple_tag
def field_widget(bound_field):
    """Render a field's input with aria-describedby pointing at its hint and errors."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    attrs = {}
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_multiple_input(bound_field) -> bool:
    """Radio buttons and checkbox lists: rendered as a fieldset with a legend."""
    from django import forms

    return isinstance(bound_field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary links to: the field's input, or the first option of a group."""
    if is_multiple_input(bound_field):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id



@register.filter
def edits_pages(user) -> bool:
    """Wagtail's page userbar is for people who edit pages (organisers, site admins); the other staff
    roles (scrutiny members, officers) do not get it, and it costs nearly half of a page's time."""
    if not getattr(user, "is_staff", False):
        return False
    from wagtail.models import GroupPagePermission

    return user.is_superuser or GroupPagePermission.objects.filter(group__user=user).exists()
