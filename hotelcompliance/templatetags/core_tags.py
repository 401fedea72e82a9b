from django import template

register = template.Library()


@register.filter
def words(value: str) -> str:
    """`new_hire_deadline` → `new hire deadline`, for showing identifiers to people."""
    return str(value).replace("_", " ")
