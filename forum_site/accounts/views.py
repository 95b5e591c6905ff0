from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .forms import AccountDeleteForm, DisplayNameForm
from .permissions import has_mfa, role_names


@never_cache
@login_required
@require_GET
def account_home(request):
    return render(
        request,
        "accounts/account_home.html",
        {"roles": role_names(request.user), "mfa_enabled": has_mfa(request.user)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def display_name_edit(request):
    # An empty POST is still a submission (`request.POST or None` would show it as a fresh, error-free form).
    form = DisplayNameForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.display_name_update(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, "Your display name has been changed.")
        return redirect("accounts:account-home")
    return render(request, "accounts/display_name_form.html", {"form": form})


@never_cache
@login_required
@require_GET
def data_export(request):
    data = services.account_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, "Your account has been deleted. Thank you for taking part.")
        return redirect("/")
    return render(request, "accounts/account_delete.html", {"form": form})
