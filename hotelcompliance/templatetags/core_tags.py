from django import template
from django.template import Context

register = template.Library()


@register.filter
def words(value: str) -> str:
    """`new_hire_deadline` → `new hire deadline`, for showing identifiers to people."""
    return str(value).replace("_", " ")


@register.simple_tag(takes_context=True)
def form_property(context: Context) -> str:
    """The hidden, signed property this page was rendered for; `property_page` checks it.

    Put it in every POST form of a property-scoped page: a form without it is refused.
    """
    from django.utils.html import format_html

    from hotelcompliance.form_property import FIELD_NAME, form_property_sign

    request = context.get("request")
    prop = getattr(request, "page_property", None) or context.get("prop")
    if prop is None:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD_NAME, form_property_sign(prop)
    )
