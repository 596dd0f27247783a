"""What every import command prints: a progress bar, then counts, or the problems (also saved
as CSV) and a non-zero exit."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.actors import SYSTEM
from imports.problems import Report, write_problems_csv


class ProgressBar:
    """A one-line progress bar on standard error, redrawn at most ten times a second."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{stage:<10} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def finish(command, report: Report, *, kind: str, report_path: str | None) -> None:
    for note in report.notes:
        command.stdout.write(f"Note: {note}")
    if report.ok:
        for what, counts in report.counts.items():
            command.stdout.write(
                f"{what}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
                + (f", {counts['removed']} removed" if counts.get("removed") else "")
            )
        return
    path = Path(report_path) if report_path else _default_path(kind)
    write_problems_csv(report.problems, path)
    for problem in sorted(report.problems):
        command.stderr.write(str(problem))
    raise CommandError(
        f"{len(report.problems)} problem(s) found; nothing was written. The list is saved in {path}"
    )


def _default_path(kind: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "var" / "import-reports" / f"{kind}-{stamp}-problems.csv"


def la_or_error(code: str):
    from authorities.models import LocalAuthority

    la = LocalAuthority.objects.filter(code=code).first()
    if la is None:
        raise CommandError(f"No local authority with code {code}. Run setup_la first.")
    return la


def file_or_error(path: Path) -> Path:
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    return path


class CsvImportCommand:
    """Mixin for management commands that load one CSV file for one LA."""

    importer = None  # a function (path=, la=, dry_run=, progress=, actor=) -> Report
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--la", required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, la, dry_run, report, **options):
        result = self.importer(
            path=file_or_error(file),
            la=la_or_error(la),
            dry_run=dry_run,
            progress=ProgressBar(self.stderr._out),
            actor=SYSTEM,  # an operator at the command line
        )
        finish(self, result, kind=self.kind, report_path=report)


class LaFileImport(BaseCommand):
    """`manage.py <import> FILE --la CODE [--dry-run] [--report FILE]` for an importer of one
    file into one LA: a subclass names the importer (`run`) and its `kind`."""

    kind = ""

    @staticmethod
    def run(**kwargs) -> Report:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--la", required=True, help="the LA's 3-digit code")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, la, dry_run, report, **options):
        from core.cli import la_arg

        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = self.run(path=file, la=la_arg(la), dry_run=dry_run, actor=SYSTEM)
        finish(self, result, kind=self.kind, report_path=report)
