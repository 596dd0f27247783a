"""Form helpers shared by every app's pages."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError


def saved(request, form, action, message: str = "Saved.") -> bool:
    """Run a service call for a bound form: a ValidationError goes on the form (False, the page
    shows it in the error summary), else the message is flashed (True, the view redirects)."""
    from django.contrib import messages

    try:
        action()
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return False
    messages.success(request, message)
    return True


def no_blank_radio(form, *names: str) -> None:
    """A radio group offers only real answers: Django adds a "---------" choice for a model
    field without a default, which as a radio button means nothing (none ticked is blank)."""
    for name in names:
        field = form.fields[name]
        field.choices = [c for c in field.choices if c[0] != ""]


def add_validation_errors(form, exc: ValidationError, rename: dict | None = None) -> None:
    """Put a service's ValidationError on the form: each field's messages on that field when the
    form has it (`rename` maps a model field to the form's name for it), the rest at the top
    (the error summary lists both)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, messages)


class GovukDateInput(forms.Widget):
    """The GOV.UK date input: day, month and year boxes (`NAME-day`, `NAME-month`,
    `NAME-year`), never the browser's own picker (mm/dd/yyyy in an en-US browser). A link
    or an older form may still send one `NAME=yyyy-mm-dd` value; it is read too."""

    input_type = "govuk-date"  # includes/field.html draws the three boxes for it
    PARTS = ("day", "month", "year")

    def value_from_datadict(self, data, files, name):
        if data.get(name):
            return data.get(name)
        parts = [str(data.get(f"{name}-{part}", "")).strip() for part in self.PARTS]
        if not any(parts):
            return None
        return parts  # [day, month, year] as typed: GovukDateField says what is wrong

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{p}" in data for p in self.PARTS)


class GovukDateField(forms.DateField):
    """A date from the GOV.UK date input, with the pattern's messages: what is missing or
    wrong, named by the field's label."""

    widget = GovukDateInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.pop("widget", None)  # always the three boxes
        given = kwargs.get("error_messages", {})
        super().__init__(*args, **kwargs)
        if "required" not in given:  # a specific message, not "This field is required."
            self.error_messages["required"] = f"Enter the date for \u2018{self.label}\u2019"

    def to_python(self, value):
        if isinstance(value, list):
            value = self._from_parts(value)
        return super().to_python(value)

    def _from_parts(self, parts: list[str]) -> str:
        label = str(self.label or "The date")
        missing = [name for name, part in zip(GovukDateInput.PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and a '.join(missing)}")
        day, month, year = parts
        if not (day.isdigit() and month.isdigit()) or len(day) > 2 or len(month) > 2:
            raise ValidationError(f"{label} must be a real date")  # and no huge number
        if not year.isdigit() or len(year) != 4:
            raise ValidationError(f"{label} must be a real date, with the year in 4 digits")
        try:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            raise ValidationError(f"{label} must be a real date") from None


def date_parts(value) -> dict[str, str]:
    """What the three boxes show: the date's parts, or what was typed."""
    if isinstance(value, list):
        return dict(zip(GovukDateInput.PARTS, value, strict=True))
    if isinstance(value, datetime.date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        year, month, day = value.split("-")
        return {"day": day.lstrip("0"), "month": month.lstrip("0"), "year": year}
    return {"day": "", "month": "", "year": ""}


# Text limits (GOV.UK: say how much people may write, and refuse more with a clear message; no
# maxlength attribute, which cuts text off without saying so).
# A line of text, a note, and a narrative section of a plan.
LINE_MAX = 500
NOTE_MAX = 2000
NARRATIVE_MAX = 10000


def limit_text(form, **limits: int) -> None:
    """Give fields a ModelForm makes from TextFields a maximum length (checked on the server,
    shown as the GOV.UK character count): limit_text(self, notes=NOTE_MAX)."""
    from django.core.validators import MaxLengthValidator

    for name, most in limits.items():
        field = form.fields[name]
        field.max_length = most
        field.validators.append(MaxLengthValidator(most))
