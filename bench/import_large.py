"""Import a generated SSDA903 return of N children (default 100,000) into an empty database.

Targets: 100,000 children in under 3 minutes on PostgreSQL (issue 3); peak memory under 300 MB
(issue 13: the process's own high-water mark, reset before each import, Django included), for
the first import and for the same file again.
Run with DATABASE_URL=postgres://... (make bench does)."""

import sys
import tempfile
import time
from pathlib import Path

from common import report, scratch_database, timed
from generate_ssda903 import generate

from core.actors import SYSTEM


def main(children: int) -> None:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        with timed("generate", results):
            generate(Path(folder), children)
        with scratch_database() as (vendor, _):
            from authorities.models import LocalAuthority
            from children.importers.ssda903 import ssda903_import
            from children.models import CareEpisode, CareReview, Child

            la = LocalAuthority.objects.create(code="330", name="Birmingham")
            with timed("import", results), measured("import", results):
                result = ssda903_import(paths=[Path(folder)], la=la, actor=SYSTEM)
            assert result.ok, result.problems[:5]
            sizes = (Child.objects.count(), CareEpisode.objects.count(), CareReview.objects.count())
            with timed("again", results), measured("again", results):
                again = ssda903_import(paths=[Path(folder)], la=la, actor=SYSTEM)
            assert again.changed == 0
    report(
        f"SSDA903 import of {children:,} generated children on {vendor}",
        [
            ("rows loaded (children, episodes, reviews)", f"{sizes}", ""),
            (
                "import",
                f"{results['import']:.1f} s",
                f"target < 180 s: ratio {results['import'] / 180:.2f}",
            ),
            ("import: CPU (this process)", f"{results['import cpu']:.1f} s", ""),
            ("import: peak memory", f"{results['import peak']:.0f} MiB",
             f"target < 300 MB: ratio {results['import peak'] * 1.048576 / 300:.2f}"),
            ("second import (no changes)", f"{results['again']:.1f} s", ""),
            ("second import: CPU, peak memory",
             f"{results['again cpu']:.1f} s, {results['again peak']:.0f} MiB",
             f"target < 300 MB: ratio {results['again peak'] * 1.048576 / 300:.2f}"),
        ],
    )  # fmt: skip


class measured:
    """CPU seconds and peak resident memory (MiB) of this process over a block. Linux: the
    high-water mark is reset by writing 5 to clear_refs, then read from VmHWM."""

    def __init__(self, label: str, results: dict):
        self.label, self.results = label, results

    def __enter__(self):
        Path("/proc/self/clear_refs").write_text("5")
        self.cpu = time.process_time()

    def __exit__(self, *exc):
        self.results[f"{self.label} cpu"] = time.process_time() - self.cpu
        status = Path("/proc/self/status").read_text().splitlines()
        peak = next(line for line in status if line.startswith("VmHWM"))
        self.results[f"{self.label} peak"] = int(peak.split()[1]) / 1024


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
