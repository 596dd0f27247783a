"""Words, not codes, where people read (issue 14, point 3): the code lists' labels in one place
(children/codes.py, children/roll/rules.py); machine exports keep the codes."""

from django import template

from children import codes
from children.roll.rules import OLDEST_NC_YEAR, nc_year_label

register = template.Library()


def _words(labels: dict, code: str) -> str:
    """The code's label with the code beside it, or the code alone when it is not listed."""
    if not code:
        return "Not recorded"
    label = labels.get(code)
    return f"{label} ({code})" if label else code


@register.filter
def legal_status_words(code: str) -> str:
    return _words(codes.LEGAL_STATUSES, code)


@register.filter
def ethnicity_words(code: str) -> str:
    return _words(codes.ETHNICITIES, code)


@register.filter
def school_year(nc_year) -> str:
    """Nursery, Reception, Year 1 ... Year 13; "Past Year 13" beyond it."""
    if nc_year is None or nc_year == "":
        return "Not known"
    return "Past Year 13" if nc_year > OLDEST_NC_YEAR else nc_year_label(nc_year)
