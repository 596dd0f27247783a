from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.home import home_sections


@require_GET
def home(request):
    from audit.services import Action, ObjectType, access_log_record

    sections = home_sections(request.user)
    shown = set().union(*(s.child_ids() for s in sections)) if sections else set()
    if shown:  # the home page's lists name children: record which
        access_log_record(
            action=Action.VIEW,
            actor=request.user,
            request=request,
            object_type=ObjectType.CHILD_LIST,
            object_id="home",
            children=shown,
        )
    return render(request, "core/home.html", {"sections": sections})


def _public_page(template: str):
    """A page of text anyone may read, signed in or not (no data behind it)."""

    @login_not_required
    @require_GET
    def view(request):
        return render(request, template)

    return view


accessibility = _public_page("core/accessibility.html")
privacy = _public_page("core/privacy.html")
cookies = _public_page("core/cookies.html")
help_page = _public_page("core/help.html")


@login_not_required
@require_GET
def healthz(request):
    """For load balancers: says the process is up and reaches its database, and nothing else."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def error_403(request, exception=None):
    from audit.services import Action, ObjectType, access_log_record

    access_log_record(
        action=Action.DENIED,
        actor=getattr(request, "user", None),
        request=request,
        object_type=ObjectType.PAGE,
        object_id=request.path_info,
    )
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    """Every 404 a signed-in person meets is a denial in the log: an access helper records the
    object it refused; anything else (any other helper, an id that names nothing) is recorded
    here by its path, so no helper can forget."""
    log_unlogged_denial(request)
    return render(request, "404.html", status=404)


def log_unlogged_denial(request) -> None:
    from audit.services import Action, ObjectType, access_log_record

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "_vs_denial_logged", False):
        return
    access_log_record(
        action=Action.DENIED,
        actor=user,
        request=request,
        object_type=ObjectType.API if request.path.startswith("/api/") else ObjectType.PAGE,
        object_id=request.path_info,
    )


def error_500(request):
    # Rendered without the request's context: whatever failed may be in a context processor.
    from django.template import loader

    page = loader.get_template("500.html").render({"service_name": settings.SERVICE_NAME})
    return HttpResponse(page, status=500)
