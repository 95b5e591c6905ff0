"""Follow and stop following, "What you follow", and the unsubscribe links in emails. Thin: services and
selectors do the work."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum_site.accounts.decorators import member_required

from . import selectors, services
from .forms import FollowForm, PreferencesForm
from .models import Frequency


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@never_cache
@member_required
@require_POST
def follow_toggle(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "notifications/follow_refused.html", {"form": form}, status=400)
    data = form.cleaned_data
    target = selectors.followable_get(label=data["content_type"], object_id=data["object_id"])
    if data["action"] == FollowForm.FOLLOW:
        if target is None:
            raise Http404("There is nothing to follow here.")
        try:
            services.follow_set(user=request.user, target=target, frequency=data["frequency"])
        except services.FollowRefused as refusal:
            form.add_error(None, str(refusal))
            return render(request, "notifications/follow_refused.html", {"form": form}, status=400)
        how = "each time there is news" if data["frequency"] == Frequency.IMMEDIATE else "in one email a day"
        messages.success(request, f"You are following {target}. We will email you {how}.")
    else:
        # Stopping also works when the followed thing has since been removed.
        stub = target or selectors.followable_model(data["content_type"])(pk=data["object_id"])
        services.follow_remove(user=request.user, target=stub)
        messages.success(request, f"You no longer follow {target}." if target else "You no longer follow that.")
    url = _safe_next(request, data["next"]) or selectors.target_url(target, request=request)
    return redirect(url or reverse("notifications:follow-list"))


@never_cache
@member_required
@require_GET
def follow_list(request):
    rows = selectors.follows_for_member(user=request.user, request=request)
    return render(
        request,
        "notifications/follow_list.html",
        {
            "rows": rows,
            "frequencies": Frequency.choices,
            "next": reverse("notifications:follow-list"),
            "follow_started": selectors.preferences_for(request.user).follow_started,
        },
    )


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The member's email settings: "Follow topics I start"."""
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.preferences_set(user=request.user, follow_started=form.cleaned_data["follow_started"])
            except services.FollowRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Your email settings are saved.")
                return redirect("notifications:preferences")
        status = 400
    else:
        follow = selectors.preferences_for(request.user).follow_started
        form = PreferencesForm(initial={"follow_started": PreferencesForm.YES if follow else PreferencesForm.NO})
        status = 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


def _bad_token(request):
    return render(request, "notifications/unsubscribe_invalid.html", status=400)


@never_cache
@csrf_exempt  # The signed token is the authority; mail clients POST "List-Unsubscribe=One-Click" (RFC 8058).
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (link scanners must not unsubscribe anyone); POST, from the page or a mail client, stops."""
    try:
        if request.method == "POST":
            follow = services.follow_remove_by_token(token=token)
        else:
            follow = selectors.follow_from_token(token=token)
    except selectors.BadToken:
        return _bad_token(request)
    if follow is None:
        return render(request, "notifications/unsubscribe_already.html")
    context = {"title": selectors.follow_title(follow)}
    if request.method == "POST":
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe_confirm.html", context)


@never_cache
@csrf_exempt  # As above: the signed token is the authority (RFC 8058 one-click from the digest email).
@require_http_methods(["GET", "POST"])
def unsubscribe_all(request, token: str):
    try:
        if request.method == "POST":
            removed = services.follows_remove_all_by_token(token=token)
        else:
            removed = selectors.follow_count_for_token(token=token)
    except selectors.BadToken:
        return _bad_token(request)
    if not removed:
        return render(request, "notifications/unsubscribe_already.html")
    if request.method == "POST":
        return render(request, "notifications/unsubscribe_done.html", {"everything": True})
    return render(request, "notifications/unsubscribe_all_confirm.html", {"count": removed})
