from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.roles import Capability
from authorities.forms import LocalAuthoritySettingsForm
from authorities.selectors import la_for_user
from authorities.services import local_authority_update


@require_http_methods(["GET", "POST"])
def la_settings(request, code):
    la = la_for_user(request.user, code, Capability.MANAGE_LA_SETTINGS)
    form = LocalAuthoritySettingsForm(request.POST or None, instance=la)
    if request.method == "POST" and form.is_valid():
        local_authority_update(la=la, data=form.cleaned_data, actor=request.user)
        messages.success(request, "Settings saved.")
        return redirect("authorities:settings", code=la.code)
    context = {
        "la": la,
        "form": form,
        "terms": la.terms.order_by("-starts_on")[:9],
        "closures": la.closure_days.order_by("-date")[:40],
    }
    return render(request, "authorities/settings.html", context)
