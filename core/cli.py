"""Shared pieces of report commands: date arguments and writing the output."""

from __future__ import annotations

import sys
from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import CommandError


def date_arg(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ArgumentTypeError(f"'{raw}' is not a date in YYYY-MM-DD form") from None


def la_arg(code: str):
    from authorities.models import LocalAuthority

    authority = LocalAuthority.objects.filter(code=code).first()
    if authority is None:
        raise CommandError(f"No local authority with code {code}.")
    return authority


def day_export_arguments(parser) -> None:
    """The arguments of an export for one LA on one day: --la, --on, --format, --output."""
    from core.exports import FORMATS

    parser.add_argument("--la", required=True)
    parser.add_argument("--on", required=True, type=date_arg, help="YYYY-MM-DD")
    parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
    parser.add_argument("--output", help="file to write (default: standard output)")


def write_output(command, data: bytes, *, fmt: str, output: str | None) -> None:
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
    elif fmt == "xlsx":
        sys.stdout.buffer.write(data)
    else:
        command.stdout.write(data.decode(), ending="")


def log_export(*, la, rows: list, object_type: str, object_id: str) -> None:
    """A command-line export records which children it named, as the pages' exports do. Every
    child-level export's first column is the LA's child id."""
    from audit.services import Action, access_log_record
    from children.models import Child

    named = {row[0] for row in rows}
    pks = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    access_log_record(
        action=Action.EXPORT,
        object_type=object_type,
        object_id=object_id,
        children=[pks[c] for c in named if c in pks],
    )
