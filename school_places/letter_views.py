"""The escalation letters' wording, per LA: the officer sees each letter and edits its
subject and body; placeholders are listed beside the form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from authorities.models import LocalAuthority
from core.forms import add_validation_errors
from school_places.forms import LetterTemplateForm
from school_places.letters import PLACEHOLDERS, wording
from school_places.models import LetterTemplate
from school_places.services import letter_template_save


def _officer_las(user):
    ids = la_ids_with(user, Capability.MANAGE_SCHOOL_PLACES)
    if not ids:
        raise PermissionDenied
    return LocalAuthority.objects.filter(pk__in=ids).order_by("name")


@require_GET
def letter_list(request):
    las = list(_officer_las(request.user))
    own = set(LetterTemplate.objects.filter(la__in=las).values_list("la_id", "kind"))
    rows = [
        (la, [(kind, (la.pk, kind.value) in own) for kind in LetterTemplate.Kind]) for la in las
    ]
    return render(request, "school_places/letters.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def letter_edit(request, la_pk, kind):
    la = _officer_las(request.user).filter(pk=la_pk).first()
    if la is None or kind not in LetterTemplate.Kind.values:
        raise Http404("No such letter")
    subject, body = wording(la, kind)
    form = LetterTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            letter_template_save(la=la, kind=kind, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "The letter's wording is saved.")
            return redirect("school_places:letters")
    context = {
        "la": la,
        "kind": LetterTemplate.Kind(kind),
        "form": form,
        "placeholders": PLACEHOLDERS,
    }
    return render(request, "school_places/letter_edit.html", context)
