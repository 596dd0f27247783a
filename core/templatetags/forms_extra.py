import datetime

from django import template

register = template.Library()


@register.filter
def iso_date(value) -> str:
    """A date input's value: yyyy-mm-dd for a date, as typed for anything else."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)
