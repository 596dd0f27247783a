"""The directory of English LAs' contacts: a filterable list and an edit page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from la_directory.access import may_use_directory
from la_directory.forms import AuthorityForm
from la_directory.models import Authority
from la_directory.services import authority_update


@require_GET
def authority_list(request):
    if not may_use_directory(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    found = Authority.objects.all()
    if query:
        found = found.filter(Q(name__icontains=query) | Q(code=query) | Q(region__icontains=query))
    return render(request, "la_directory/list.html", {"authorities": found, "q": query})


@require_http_methods(["GET", "POST"])
def authority_edit(request, code):
    if not may_use_directory(request.user):
        raise PermissionDenied
    authority = get_object_or_404(Authority, code=code)
    form = AuthorityForm(request.POST or None, instance=authority)
    if request.method == "POST" and form.is_valid():
        authority_update(authority=authority, data=form.cleaned_data, actor=request.user)
        messages.success(request, f"{authority.name}'s contacts saved.")
        return redirect("la_directory:list")
    return render(request, "la_directory/edit.html", {"authority": authority, "form": form})
