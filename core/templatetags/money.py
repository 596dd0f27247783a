from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.50: pounds with thousands separators and pence, as finance staff read them."""
    if value is None or value == "":
        return ""
    return f"£{Decimal(value):,.2f}"
