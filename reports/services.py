"""Writes for reports: start a report run, generate it (the background task), and keep an LA's
own benchmark figures."""

from __future__ import annotations

import traceback

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from authorities.selectors import require_la_capability
from core.actors import as_user, is_system
from core.history import save_validated
from core.runs import run_claim, runs_sweep
from reports.access import dashboard_la_ids
from reports.models import Benchmark, ReportRun
from reports.periods import period_from_key

STAGES = 7  # content (3 steps), then two PDFs and two spreadsheets


@transaction.atomic
def report_run_create(
    *, la, kind: str, period: str, threshold: int, actor, commentary: str = ""
) -> ReportRun:
    if not is_system(actor) and la.pk not in dashboard_la_ids(actor):
        raise PermissionDenied
    if period_from_key(la, period, timezone.localdate()) is None:
        raise ValidationError({"period": "There is no such term in the LA's calendar."})
    run = ReportRun(
        la=la,
        kind=kind,
        period=period,
        threshold=threshold,
        created_by=as_user(actor),
        commentary=commentary.strip(),
    )
    run.total = STAGES
    save_validated(run, actor=actor)
    from reports.tasks import generate_report

    transaction.on_commit(lambda: generate_report.enqueue(run.pk))
    return run


def report_run_execute(*, run_id: int) -> None:
    """Safe to run twice: a finished run is left alone; an interrupted one starts again."""
    run = ReportRun.objects.filter(pk=run_id).select_related("la").first()
    if run is None or run.finished:
        return
    run_claim(ReportRun, run.pk, done=0, stage="Starting")
    try:
        files = _generate(run)
    except Exception:  # the run must show its owner that it failed, and why
        _update(run, status=ReportRun.Status.FAILED, error=traceback.format_exc(limit=3))
        return
    _update(
        run,
        status=ReportRun.Status.SUCCEEDED,
        stage="Finished",
        done=STAGES,
        finished_at=timezone.now(),
        **files,
    )


def _generate(run: ReportRun) -> dict:
    from reports.content import report_content
    from reports.render import report_pdf, report_xlsx

    today = timezone.localdate()
    period = period_from_key(run.la, run.period, today)
    if period is None:
        raise ValidationError("The report's term is no longer in the LA's calendar.")
    progress = _Progress(run)
    content = report_content(run.la, run.kind, period, today, progress)
    content.commentary = run.commentary
    t = run.threshold
    figures = {key: f.as_dict() for key, f in content.figures().items()}
    progress("Board version (PDF)")
    files = {"figures": figures, "board_pdf": report_pdf(content, t)}
    progress("Board version (spreadsheet)")
    files["board_xlsx"] = report_xlsx(content, t)
    progress("Virtual School version (PDF)")
    files["internal_pdf"] = report_pdf(content, None)
    progress("Virtual School version (spreadsheet)")
    files["internal_xlsx"] = report_xlsx(content, None)
    return files


class _Progress:
    def __init__(self, run: ReportRun):
        self.run, self.done = run, 0

    def __call__(self, stage: str) -> None:
        _update(self.run, stage=stage[:60], done=self.done, heartbeat_at=timezone.now())
        self.done += 1


def report_runs_sweep() -> int:
    """Runs whose worker died: queued again, or failed after the last attempt (core/runs.py)."""
    from reports.tasks import generate_report

    def fail(pk: int, message: str) -> None:
        ReportRun.objects.filter(pk=pk).update(
            status=ReportRun.Status.FAILED, error=message, finished_at=timezone.now()
        )

    return runs_sweep(ReportRun, requeue=lambda pk: generate_report.enqueue(pk), fail=fail)


def _update(run: ReportRun, **fields) -> None:
    ReportRun.objects.filter(pk=run.pk).update(**fields)


@transaction.atomic
def benchmark_save(*, la, measure: str, value, source_year: int, actor) -> Benchmark:
    """The LA's own figure for a national measure (it then wins over the default)."""
    require_la_capability(actor, la, Capability.MANAGE_LA_SETTINGS)
    default = Benchmark.objects.filter(la__isnull=True, measure=measure).first()
    mine = Benchmark.objects.filter(la=la, measure=measure).first()
    if mine is None:
        if default is None:
            raise ValidationError({"measure": "There is no such benchmark."})
        mine = Benchmark(
            la=la, measure=measure, label=default.label, unit=default.unit, source=default.source
        )
    row = mine
    row.value, row.source_year = value, source_year
    save_validated(row, actor=actor)
    return row
