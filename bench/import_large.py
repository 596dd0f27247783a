"""Import a generated SSDA903 return of N children (default 100,000) into an empty database.

Target (issue 3): 100,000 children in under 3 minutes on PostgreSQL.
Run with DATABASE_URL=postgres://... (make bench does)."""

import sys
import tempfile
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
            with timed("import", results):
                result = ssda903_import(paths=[Path(folder)], la=la, actor=SYSTEM)
            assert result.ok, result.problems[:5]
            sizes = (Child.objects.count(), CareEpisode.objects.count(), CareReview.objects.count())
            with timed("again", results):
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
            ("second import (no changes)", f"{results['again']:.1f} s", ""),
        ],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
