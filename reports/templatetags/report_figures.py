from django import template

from reports.charts import breakdown_svg

register = template.Library()


@register.simple_tag
def chart(breakdown, threshold=None) -> str:
    """The SVG, built from escaped parts: the template marks it safe."""
    return breakdown_svg(breakdown, threshold)


@register.simple_tag
def count_text(figure, threshold=None) -> str:
    return figure.count_text(threshold)


@register.simple_tag
def percent_text(figure, threshold=None) -> str:
    return figure.percent_text(threshold)
