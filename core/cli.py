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


def write_output(command, data: bytes, *, fmt: str, output: str | None) -> None:
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
    elif fmt == "xlsx":
        sys.stdout.buffer.write(data)
    else:
        command.stdout.write(data.decode(), ending="")
