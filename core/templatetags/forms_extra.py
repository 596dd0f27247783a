import datetime

from django import template

register = template.Library()


@register.filter
def iso_date(value) -> str:
    """A date input's value: yyyy-mm-dd for a date, as typed for anything else."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


@register.filter
def date_parts(value) -> dict:
    """The GOV.UK date input's three boxes' values (core.forms.date_parts)."""
    from core.forms import date_parts as parts

    return parts(value)


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    """'Error: ' when the page holds a form (or formset) with errors, for the start of the
    page's title (GOV.UK error message pattern): every form page gets it by construction. A
    view that shows an error summary of its own sets `page_errors`."""
    from django.forms import BaseForm
    from django.forms.formsets import BaseFormSet

    if context.get("page_errors"):  # an error summary not from a form: a refused submission
        return "Error: "
    for value in context.flatten().values():
        if isinstance(value, BaseForm) and value.is_bound and value.errors:
            return "Error: "
        if isinstance(value, BaseFormSet) and value.is_bound and value.total_error_count():
            return "Error: "
    return ""
