"""Web imports: record the upload, run it as a background task, report progress and result.
The importers themselves are the same functions the management commands call."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from imports.models import ImportFile, ImportRun
from imports.problems import Report

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


@transaction.atomic
def import_run_create(*, kind: str, la, files, dry_run: bool, actor) -> ImportRun:
    run = ImportRun.objects.create(kind=kind, la=la, dry_run=dry_run, created_by=actor)
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
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now(), stage="Reading files"
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = _write_files(run, Path(folder))
        report = _run(run, paths)
    status = ImportRun.Status.SUCCEEDED if report.ok else ImportRun.Status.FAILED
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, result=report.as_dict(), finished_at=timezone.now(), stage="Finished"
    )


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
    from children.importers.ssda903 import ssda903_import
    from schools.importers.gias import gias_import

    progress = _Progress(run.pk)
    dry_run, actor = run.dry_run, run.created_by
    if run.kind == ImportRun.Kind.GIAS:
        if len(paths) != 1:
            return _one_file_please()
        return gias_import(path=paths[0], dry_run=dry_run, actor=actor, progress=progress)
    la = run.la
    if la is None:
        report = Report()
        report.problem("", None, "", "This kind of import needs a local authority")
        return report
    if run.kind == ImportRun.Kind.SSDA903:
        return ssda903_import(paths=paths, la=la, dry_run=dry_run, actor=actor, progress=progress)
    if len(paths) != 1:
        return _one_file_please()
    importer = _one_file_importers()[run.kind]
    return importer(path=paths[0], la=la, dry_run=dry_run, actor=actor, progress=progress)


def _one_file_importers() -> dict:
    from attainment.importers import attainment_import
    from attendance.importers.exclusions import exclusions_import
    from attendance.importers.marks import attendance_import
    from attendance.importers.termly import termly_import
    from authorities.terms import calendar_import
    from children.importers.people import people_import
    from children.importers.placements import placements_import

    return {
        ImportRun.Kind.PEOPLE: people_import,
        ImportRun.Kind.PLACEMENTS: placements_import,
        ImportRun.Kind.ATTENDANCE: attendance_import,
        ImportRun.Kind.ATTENDANCE_SUMMARY: termly_import,
        ImportRun.Kind.EXCLUSIONS: exclusions_import,
        ImportRun.Kind.CALENDAR: calendar_import,
        ImportRun.Kind.ATTAINMENT: attainment_import,
    }


def _one_file_please() -> Report:
    report = Report()
    report.problem("", None, "", "Upload exactly one CSV file for this kind of import")
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
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        if self.alias is None and connections["default"].in_atomic_block:
            return
        ImportRun.objects.using(self.alias or "default").filter(pk=self.run_id).update(
            stage=stage[:40], done=done, total=total
        )
