"""How a form field of a city-lab page is drawn, by the kind of its widget."""

from django import forms, template

register = template.Library()


@register.filter
def field_kind(field: forms.BoundField) -> str:
    """checkboxes, radios, select, textarea, date, number, file or text."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.DateInput):
        return "date"
    if isinstance(widget, forms.NumberInput):
        return "number"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "text"
