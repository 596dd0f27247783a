"""Form helpers shared by every app's pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError


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
