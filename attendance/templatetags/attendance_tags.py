from django import template

from attendance.measures import percent_text

register = template.Library()


@register.filter
def percent(rate) -> str:
    return percent_text(rate)
