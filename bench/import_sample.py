"""Import the sample SSDA903 return (1,866 children) into an empty database, twice.

Target (issue 3): under 5 s on SQLite."""

from common import ROOT, report, scratch_database, timed

from core.actors import SYSTEM

SAMPLE = ROOT / "samples" / "ssda903" / "2025-26"


def main() -> None:
    results: dict[str, float] = {}
    with scratch_database() as (vendor, _):
        from authorities.models import LocalAuthority
        from children.importers.ssda903 import ssda903_import

        la = LocalAuthority.objects.create(code="330", name="Birmingham")
        with timed("first", results):
            first = ssda903_import(paths=[SAMPLE], la=la, actor=SYSTEM)
        with timed("second", results):
            second = ssda903_import(paths=[SAMPLE], la=la, actor=SYSTEM)
        assert first.ok and second.changed == 0
    report(
        f"SSDA903 sample import on {vendor}",
        [
            (
                "first import (1,866 children)",
                f"{results['first']:.2f} s",
                f"target < 5 s: ratio {results['first'] / 5:.2f}",
            ),
            ("second import (no changes)", f"{results['second']:.2f} s", ""),
        ],
    )


if __name__ == "__main__":
    main()
