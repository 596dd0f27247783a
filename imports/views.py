from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import Action, ObjectType, access_log_record
from authorities.selectors import las_for_user
from core.exports import to_csv
from imports.forms import ImportForm
from imports.problems import Report
from imports.selectors import get_import_run_for_user, import_runs_visible_to
from imports.services import import_run_create, import_runs_sweep

can_import = require_capability(Capability.IMPORT_DATA)


@can_import
@require_http_methods(["GET", "POST"])
def import_list(request):
    las = las_for_user(request.user, Capability.IMPORT_DATA)
    form = ImportForm(request.POST or None, request.FILES or None, las=las)
    if request.method == "POST" and form.is_valid():
        run = import_run_create(
            kind=form.cleaned_data["kind"],
            la=form.cleaned_data["la_obj"],
            files=form.cleaned_data["files"],
            dry_run=form.cleaned_data["dry_run"],
            confirmed=form.cleaned_data["confirmed"],
            actor=request.user,
        )
        return redirect("imports:detail", pk=run.pk)
    import_runs_sweep()  # a run whose worker died shows as queued again or failed, not running
    runs = import_runs_visible_to(request.user).select_related("la", "created_by")[:20]
    return render(request, "imports/list.html", {"form": form, "runs": runs})


@can_import
@require_GET
def import_detail(request, pk):
    import_runs_sweep()
    run = get_import_run_for_user(request.user, pk)
    report = Report.from_dict(run.result)
    context = {"run": run, "report": report, "page_errors": run.status == "failed"}
    return render(request, "imports/detail.html", context)


@can_import
@require_GET
def import_status(request, pk):
    import_runs_sweep()
    run = get_import_run_for_user(request.user, pk)
    return JsonResponse(
        {
            "status": run.status,
            "stage": run.stage,
            "done": run.done,
            "total": run.total,
            "finished": run.finished,
        }
    )


@can_import
@require_GET
def import_problems_csv(request, pk):
    run = get_import_run_for_user(request.user, pk)
    report = Report.from_dict(run.result)
    rows = [(p.file, p.line or "", p.column, p.message) for p in report.problems]
    access_log_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type=ObjectType.IMPORT,
        object_id=run.pk,
    )
    response = HttpResponse(
        to_csv(("file", "line", "column", "message"), rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-problems.csv"'
    return response
