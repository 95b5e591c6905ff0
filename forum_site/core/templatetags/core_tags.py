from __future__ import annotations

from django import template

from forum_site.core.sanitize import render_user_text

register = template.Library()

# Shown in place of the author once their account is deleted (accounts' delete page promises these words).
FORMER_MEMBER = "a former member"


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


def _widget_class(bound_field) -> str:
    """GOV.UK Frontend's class for a widget, with its error variant when the field has errors."""
    from django import forms

    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input"
    if isinstance(widget, forms.Textarea):
        base = "govuk-textarea"
    elif isinstance(widget, forms.Select):
        base = "govuk-select"
    elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        base = "govuk-file-upload"
    else:
        base = "govuk-input"
    classes = [base]
    if bound_field.errors:
        classes.append(f"{base}--error")
    if character_limit(bound_field):
        classes.append("govuk-js-character-count")
    existing = widget.attrs.get("class")
    if existing:
        classes.append(existing)
    return " ".join(classes)


@register.simple_tag
def field_widget(bound_field):
    """Render a field's input with GOV.UK's classes and aria-describedby pointing at its hint, errors
    and (for a character count) the count message."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    attrs = {"class": _widget_class(bound_field)}
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if character_limit(bound_field):
        described_by.append(f"{bound_field.auto_id}-info")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def character_limit(bound_field) -> int | None:
    """A textarea's maximum length, for GOV.UK's character count; None for anything else."""
    from django import forms

    if not isinstance(bound_field.field.widget, forms.Textarea):
        return None
    return getattr(bound_field.field, "max_length", None)


@register.filter
def choice_kind(bound_field) -> str:
    """ "checkboxes" or "radios": the GOV.UK component a list of choices renders as."""
    from django import forms

    return "checkboxes" if isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple) else "radios"


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
def datetime_attr(value) -> str:
    """A valid HTML `<time datetime>` value: ISO 8601 in the site's time zone, to the second.

    Django's `|date:'c'` writes microseconds, which the HTML standard does not allow.
    """
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def edits_pages(user) -> bool:
    """Wagtail's page userbar is for people who edit pages (organisers, site admins); the other staff
    roles (scrutiny members, officers) do not get it, and it costs nearly half of a page's time."""
    if not getattr(user, "is_staff", False):
        return False
    from wagtail.models import GroupPagePermission

    return user.is_superuser or GroupPagePermission.objects.filter(group__user=user).exists()


# ---- The page frame: main navigation with the current page marked, and breadcrumbs ----------


def _navigation(request, part: str) -> dict:
    """One navigation part as plain values, `{"links": [{url, label}], "text": str}`, cached until a
    page or the settings change (core/signals.py deletes the same key)."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    key = make_template_fragment_key("site_navigation", [part])
    navigation = cache.get(key)
    if navigation is None:
        from forum_site.core.models import NavigationSettings

        links = []
        nav_settings = NavigationSettings.load(request_or_site=request)
        for block in getattr(nav_settings, f"{part}_navigation", None) or []:
            value = block.value
            page = value.get("page")
            if page is not None and page.live:
                links.append({"url": page.url, "label": value.get("label") or page.title})
            elif value.get("url"):
                links.append({"url": value["url"], "label": value.get("label") or value["url"]})
        navigation = {"links": links, "text": nav_settings.footer_text if part == "footer" else ""}
        cache.set(key, navigation, 3600)
    return navigation


@register.simple_tag(takes_context=True)
def navigation_links(context, part: str = "main") -> list[dict]:
    """`{% navigation_links "main" as links %}`: each link with `current` set on the one this page is in
    (the longest link path that the current path starts with; the home link only on the home page)."""
    request = context.get("request")
    path = getattr(request, "path", "") or ""
    links = [dict(link, current=False) for link in _navigation(request, part)["links"]]
    best = None
    for link in links:
        url = link["url"] or ""
        if not url.startswith("/"):
            continue
        matches = path == url if url == "/" else path.startswith(url)
        if matches and (best is None or len(url) > len(best["url"])):
            best = link
    if best is not None:
        best["current"] = True
    return links


@register.simple_tag(takes_context=True)
def footer_text(context) -> str:
    """The line about who runs the site (Settings > Navigation), cached with the footer's links."""
    return _navigation(context.get("request"), "footer")["text"]


@register.simple_tag
def page_breadcrumbs(page, include_self: bool = False) -> list[dict]:
    """The pages above `page`, from the home page down, as `{title, url}`; with `include_self=True`
    the page itself too (for a view a routable page serves below its own URL).

    Cached per page until any page changes where it sits or what it is called (the routes version),
    so a deep page pays no query for its trail after the first visit."""
    from django.core.cache import cache

    from forum_site.core.cache import routes_version

    if page is None or getattr(page, "depth", 0) < 2:
        return []
    trail = []
    if page.depth > 2:
        key = f"breadcrumbs:{routes_version()}:{page.pk}"
        trail = cache.get(key)
        if trail is None:
            ancestors = page.get_ancestors().filter(depth__gte=2).order_by("depth").only("title", "url_path", "depth")
            trail = [{"title": "Home" if a.depth == 2 else a.title, "url": a.url} for a in ancestors]
            cache.set(key, trail, 3600)
    if include_self:
        trail = [*trail, {"title": "Home" if page.depth == 2 else page.title, "url": page.url}]
    return trail


@register.simple_tag
def breadcrumb_trail(*args) -> list[dict]:
    """For views that are not pages: `{% breadcrumb_trail "My account" account_url "Your responses" as crumbs %}`.

    Titles and URLs alternate, starting after Home (always first); a trailing title without a URL is the
    current page and is not shown (GOV.UK breadcrumbs end with the parent)."""
    trail = [{"title": "Home", "url": "/"}]
    pairs = list(args)
    for index in range(0, len(pairs) - 1, 2):
        trail.append({"title": str(pairs[index]), "url": str(pairs[index + 1])})
    return trail
