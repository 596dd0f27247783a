"""Web imports: record the upload, run it as a background task, report progress and result.
The importers themselves are the same functions the management commands call."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.selectors import require_capability_anywhere
from authorities.selectors import require_la_capability
from core.actors import SYSTEM, as_user
from core.runs import run_claim, runs_sweep
from imports.models import ImportFile, ImportRun
from imports.problems import Report
from imports.registry import importer_for

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
logger = logging.getLogger(__name__)


@transaction.atomic
def import_run_create(
    *, kind: str, la, files, dry_run: bool, actor, confirmed: bool = False
) -> ImportRun:
    if la is None:  # the school register and inspections belong to no one LA
        require_capability_anywhere(actor, Capability.IMPORT_DATA)
    else:
        require_la_capability(actor, la, Capability.IMPORT_DATA)
    run = ImportRun.objects.create(
        kind=kind, la=la, dry_run=dry_run, confirmed=confirmed, created_by=as_user(actor)
    )
    for upload in files:
        ImportFile.objects.create(run=run, name=Path(upload.name).name[:255], content=upload.read())
    from imports.tasks import run_import

    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run


def import_run_execute(*, run_id: int) -> None:
    """Safe to run twice: a finished run is left alone; an interrupted one runs again (the
    import is all-or-nothing and idempotent)."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.finished:
        return
    run_claim(ImportRun, run.pk, started_at=timezone.now(), stage="Reading files")
    try:
        with tempfile.TemporaryDirectory() as folder:
            paths = _write_files(run, Path(folder))
            report = _run(run, paths)
    except Exception as exc:
        # The import writes in one transaction, so nothing of it was saved.
        logger.exception("Import run %s stopped with an error", run.pk)
        report = _refused(
            f"The import stopped with an unexpected error ({type(exc).__name__}); nothing was "
            "saved. Try again, and tell the service's support team if it happens again."
        )
    status = ImportRun.Status.SUCCEEDED if report.ok else ImportRun.Status.FAILED
    importer = importer_for(run.kind)
    if importer is not None and not importer.keep_files:
        run.files.all().delete()  # read once, not kept (the CIN census: figures only)
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, result=report.as_dict(), finished_at=timezone.now(), stage="Finished"
    )
    if report.ok and not run.dry_run and run.la is not None:
        _catch_up(run)


def _catch_up(run: ImportRun) -> None:
    """The LA's kept state and figures worked out here, after the import committed, not by
    the pages' next reader (core.kept). The import stands whatever happens here."""
    from core.kept import kept_catch_up

    try:
        kept_catch_up(run.la)
    except Exception:
        logger.exception("Import run %s: the kept state was left to the next reader", run.pk)


def import_runs_sweep() -> int:
    """Runs whose worker died: queued again, or failed after the last attempt (core/runs.py)."""
    from imports.tasks import run_import

    def fail(pk: int, message: str) -> None:
        ImportRun.objects.filter(pk=pk).update(
            status=ImportRun.Status.FAILED,
            result=_refused(message).as_dict(),
            finished_at=timezone.now(),
            stage="Finished",
        )

    return runs_sweep(ImportRun, requeue=lambda pk: run_import.enqueue(pk), fail=fail)


def _write_files(run: ImportRun, folder: Path) -> list[Path]:
    paths = []
    for index, file in enumerate(run.files.order_by("pk")):
        # A numbered folder per file keeps two uploads with the same name apart.
        path = folder / str(index) / file.name
        path.parent.mkdir()
        path.write_bytes(bytes(file.content))
        paths.append(path)
    return paths


def _run(run: ImportRun, paths: list[Path]) -> Report:
    importer = importer_for(run.kind)
    if importer is None:
        return _refused(f"There is no importer for '{run.kind}'")
    if importer.needs_la and run.la is None:
        return _refused("This kind of import needs a local authority")
    if not importer.many_files and len(paths) != 1:
        return _refused("Upload exactly one CSV file for this kind of import")
    confirmed = {"confirmed": run.confirmed} if importer.confirmable else {}
    return importer.run(
        paths,
        la=run.la if importer.needs_la else None,
        dry_run=run.dry_run,
        actor=run.created_by or SYSTEM,  # checked when the run was made; its maker may be gone
        progress=_Progress(run.pk),
        **confirmed,
    )


def _refused(message: str) -> Report:
    report = Report()
    report.problem("", None, "", message)
    return report


class _Progress:
    """Writes progress at most twice a second. Imports write inside one transaction, so on
    PostgreSQL progress goes through a second connection that other requests can see at once;
    SQLite allows one writer, so there progress is shown by stage only."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.last = 0.0
        self.alias = "progress" if "progress" in settings.DATABASES else None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and not (total and done >= total):
            return  # the last step of a stage with a total is always shown
        self.last = now
        if self.alias is None and connections["default"].in_atomic_block:
            return
        ImportRun.objects.using(self.alias or "default").filter(pk=self.run_id).update(
            stage=stage[:40], done=done, total=total, heartbeat_at=timezone.now()
        )
