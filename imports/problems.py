"""Problems found in imported files: one line each, with file, line, column and a message."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.exports import safe_cell


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f", line {self.line}" if self.line else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.message}"


@dataclass
class Report:
    """What an import found and did. Problems make it all-or-nothing: any one, nothing written."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def problem(self, file: str, line: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(file, line, column, message))

    def count(self, what: str, outcome: str, n: int = 1) -> None:
        bucket = self.counts.setdefault(what, {"created": 0, "updated": 0, "unchanged": 0})
        bucket[outcome] = bucket.get(outcome, 0) + n

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] + c.get("removed", 0) for c in self.counts.values())

    def as_dict(self) -> dict:
        return {
            "problems": [asdict(p) for p in sorted(self.problems, key=_sort_key)],
            "notes": self.notes,
            "counts": self.counts,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        return cls(
            problems=[Problem(**p) for p in data.get("problems", [])],
            notes=list(data.get("notes", [])),
            counts=dict(data.get("counts", {})),
        )


def _sort_key(p: Problem):
    return (p.file, p.line or 0, p.column, p.message)


def write_problems_csv(problems: list[Problem], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "line", "column", "message"])
        for p in sorted(problems, key=_sort_key):
            writer.writerow([safe_cell(v) for v in (p.file, p.line or "", p.column, p.message)])
