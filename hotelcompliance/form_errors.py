"""Put a service's validation errors on the page form that called it, losing none.

Services check the rules and raise `ValidationError` (a message dict, a list or one message);
a page shows them on its form. Every page used to map them by hand, each a little differently
(some dropped a message when the form already had one on that field, one crashed on a name the
form did not have). This is the one mapping:

- a name the form shows as a visible field: the messages go beside that field;
- a hidden field (a token, a stay id), a name the form does not have: on top, prefixed with a
  label ("Stay: ...") so the reader knows what they are about;
- `NON_FIELD_ERRORS` and an error without names: on top, as they are.

A message the field already shows is not repeated; nothing else is dropped.
"""

from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

ServiceError = ValidationError | str | Iterable[str] | Mapping[str, object]


def form_errors_place(
    form: forms.BaseForm,
    error: ServiceError,
    *,
    renames: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Add `error` to the bound `form` (after `is_valid()`), each message where it is seen.

    `renames` maps the service's name for a value to the form's field (`document` -> `file`);
    `labels` gives the prefix for a name placed on top (an empty label: no prefix); otherwise
    the name, capitalised, is the label.
    """
    if not isinstance(error, ValidationError):
        if isinstance(error, str):
            error = ValidationError(error)
        elif isinstance(error, Mapping):
            error = ValidationError(dict(error))
        else:
            error = ValidationError(list(error))
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    renames = renames or {}
    labels = labels or {}
    for name, messages in error.message_dict.items():
        target = renames.get(name, name)
        if name == NON_FIELD_ERRORS:
            form.add_error(None, messages)
        elif _shown(form, target):
            new = [message for message in messages if message not in form.errors.get(target, [])]
            if new:
                form.add_error(target, new)
        else:
            label = labels.get(name, name.replace("_", " ").capitalize())
            form.add_error(
                None, [f"{label}: {message}" if label else message for message in messages]
            )


def _shown(form: forms.BaseForm, name: str) -> bool:
    """A field the reader sees, so an error beside it is read."""
    field = form.fields.get(name)
    return field is not None and not field.widget.is_hidden
