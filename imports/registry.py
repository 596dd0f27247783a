"""The kinds of import, registered by the apps that own them (each app's AppConfig.ready), so
the framework sits below the apps that use it and names none of them.

An importer takes the uploaded files' paths, the LA (None for register-wide imports such as
GIAS), whether to check only, who is importing and a progress callback, and returns a Report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from imports.problems import Report

Run = Callable[..., Report]  # (paths, la=, dry_run=, actor=, progress=) -> Report


@dataclass(frozen=True)
class Importer:
    kind: str  # stored on ImportRun.kind (at most 20 characters)
    label: str  # what a person sees on the imports page
    run: Run
    needs_la: bool = True
    many_files: bool = False  # else exactly one CSV file
    order: int = 100  # place on the imports page
    # Takes `confirmed=`: the person confirmed a file the importer would refuse as suspicious.
    confirmable: bool = False
    # False: the uploaded file is deleted once read, whatever the outcome (data kept only as
    # the importer stores it).
    keep_files: bool = True


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    if len(importer.kind) > 20:
        raise ValueError(f"Import kind {importer.kind!r} is longer than 20 characters")
    if importer.kind in _REGISTRY and _REGISTRY[importer.kind] != importer:
        raise ValueError(f"Import kind {importer.kind!r} is registered twice")
    _REGISTRY[importer.kind] = importer


def importers() -> list[Importer]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.label))


def importer_for(kind: str) -> Importer | None:
    return _REGISTRY.get(kind)


def one_file(function: Callable[..., Report], *, with_la: bool = True) -> Run:
    """Adapt an importer of one file (`path=`) to the registry's call."""

    def run(paths: list[Path], *, la, dry_run: bool, actor, progress) -> Report:
        kwargs = {"la": la} if with_la else {}
        return function(path=paths[0], dry_run=dry_run, actor=actor, progress=progress, **kwargs)

    return run
