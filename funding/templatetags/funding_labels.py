from django import template

from funding.ledger import category_label

register = template.Library()
register.filter("category_label", category_label)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
