"""Parameter types whose shape the OpenAPI document states exactly, so that what the schema
calls valid is what the API accepts (a schemathesis run holds us to it)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import BeforeValidator, StringConstraints, WithJsonSchema

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TERM_NAMES = "autumn|spring|summer"


def _iso_day_only(value: object) -> object:
    """Pydantic would read "0" or "1700000000" as a Unix time; a day here is YYYY-MM-DD."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("Write the day as YYYY-MM-DD")
    return value


# Free text: anything but the control characters no person types (tab and new lines allowed).
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]
Day = Annotated[
    date,
    BeforeValidator(_iso_day_only),
    WithJsonSchema({"type": "string", "format": "date"}),
]
# A term: the school year its autumn starts in, and its name (2025-autumn).
TermKey = Annotated[str, StringConstraints(pattern=rf"^\d{{4}}-({TERM_NAMES})$")]
# A term, or a whole school year (2025).
PeriodKey = Annotated[str, StringConstraints(pattern=rf"^\d{{4}}(-({TERM_NAMES}))?$")]
# An April-to-March financial year (2025-26).
FinancialYearKey = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]
