"""The profile editor: one row of inputs per register field, turned into the mapping JSON.

The form only reshapes; `import_profile_services.profile_checked` judges, and its path-keyed
errors (`mapping.fields.arrival.format`) land on the matching input (`arrival__format`).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guests import import_profiles as ip
from guests.models import ImportProfile

RULE_LABELS = {
    "": _("The column as it is"),
    ip.JOIN: _("Join several columns"),
    ip.LAST_FIRST: _("“LAST, FIRST” reordered"),
    ip.RATE_FROM_TOTAL: _("Total over nights"),
    ip.TOTAL_FROM_RATE: _("Rate times nights"),
    ip.BIRTH_DATES: _("Count minors from birth dates"),
    ip.COUNT_GUESTS: _("Count the reservation's guests (less minors)"),
    ip.STATUS: _("Checked out when the status says so"),
}
VALUE_MAP_HINT = _("One per line: PMS value = register code (“*” for any other).")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _value_map(text: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in _lines(text):
        source, _eq, code = line.rpartition("=")
        pairs[source.strip() if _eq else line] = code.strip()
    return pairs


class ImportProfileForm(forms.Form):
    """A profile's name and layout, a mapping row per register field, and a sample to preview."""

    name = forms.CharField(label=_("Name"), max_length=100)
    delimiter = forms.ChoiceField(label=_("Delimiter"), choices=ImportProfile.Delimiter.choices)
    encoding = forms.ChoiceField(label=_("Encoding"), choices=ImportProfile.Encoding.choices)
    header_row = forms.IntegerField(label=_("Header row"), min_value=1, max_value=50, initial=1)
    group_by = forms.CharField(
        label=_("One row per guest: group by column"),
        required=False,
        max_length=200,
        help_text=_("The reservation column repeated on each guest's row; empty: a row per stay."),
    )
    sample = forms.FileField(
        label=_("Sample file (for the preview, not kept)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ip.REGISTER_FIELDS:
            self.fields[f"{name}__column"] = forms.CharField(
                label=_("Column"), required=False, max_length=200
            )
            rules = ("", *ip.RULES.get(name, ()))
            self.fields[f"{name}__rule"] = forms.ChoiceField(
                label=_("Rule"), required=False, choices=[(r, RULE_LABELS[r]) for r in rules]
            )
            self.fields[f"{name}__columns"] = forms.CharField(
                label=_("Columns to join (one per line)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if name in ip.DATE_FIELDS or name == "minors":
                self.fields[f"{name}__format"] = forms.ChoiceField(
                    label=_("Date format"),
                    required=False,
                    choices=[("", _("ISO (2026-07-01)")), *((f, f) for f in ip.DATE_FORMATS)],
                )
            if name in ip.MONEY_FIELDS:
                self.fields[f"{name}__money"] = forms.ChoiceField(
                    label=_("Amounts"),
                    required=False,
                    choices=[("", "—"), *((m, m) for m in ip.MONEY_FORMATS)],
                )
            self.fields[f"{name}__values"] = forms.CharField(
                label=_("Value map"),
                required=False,
                help_text=VALUE_MAP_HINT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{name}__constant"] = forms.CharField(
                label=_("Constant"), required=False, max_length=200
            )
            self.fields[f"{name}__optional"] = forms.BooleanField(
                label=_("Column may be absent"), required=False
            )

    @staticmethod
    def initial_for(profile: ImportProfile) -> dict[str, Any]:
        """The form's initial values from a stored profile."""
        initial: dict[str, Any] = {
            "name": profile.name,
            "delimiter": profile.delimiter,
            "encoding": profile.encoding,
            "header_row": profile.header_row,
            "group_by": profile.mapping.get("group_by", ""),
        }
        for name, spec in (profile.mapping.get("fields") or {}).items():
            if not isinstance(spec, dict):
                continue
            for attr in ("column", "rule", "format", "money", "constant", "optional"):
                if attr in spec:
                    initial[f"{name}__{attr}"] = spec[attr]
            initial[f"{name}__columns"] = "\n".join(spec.get("columns", []))
            initial[f"{name}__values"] = "\n".join(
                f"{k} = {v}" for k, v in (spec.get("values") or {}).items()
            )
        return initial

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The mapping inputs, grouped per register field (for the template)."""
        return [
            (name, [self[key] for key in self.fields if key.startswith(f"{name}__")])
            for name in ip.REGISTER_FIELDS
        ]

    def profile_data(self) -> dict[str, Any]:
        """The cleaned form as `import_profile_services.profile_save` takes it."""
        data = self.cleaned_data
        fields: dict[str, dict[str, Any]] = {}
        for name in ip.REGISTER_FIELDS:
            spec: dict[str, Any] = {}
            for attr in ("column", "rule", "format", "money", "constant"):
                value = (data.get(f"{name}__{attr}") or "").strip()
                if value:
                    spec[attr] = value
            columns = _lines(data.get(f"{name}__columns") or "")
            if columns:
                spec["columns"] = columns
            values = _value_map(data.get(f"{name}__values") or "")
            if values:
                spec["values"] = values
            if data.get(f"{name}__optional"):
                spec["optional"] = True
            if spec.get("columns") and name == "occupants" and "rule" not in spec:
                spec["rule"] = ip.JOIN
            if spec and set(spec) != {"optional"}:
                fields[name] = spec
        mapping: dict[str, Any] = {"fields": fields}
        if data.get("group_by"):
            mapping["group_by"] = data["group_by"].strip()
        return {
            "name": data["name"],
            "delimiter": data["delimiter"],
            "encoding": data["encoding"],
            "header_row": data["header_row"],
            "mapping": mapping,
        }

    def add_profile_errors(self, errors: dict[str, list[str]]) -> None:
        """Put each path-keyed error of the checker on its input (the rest on the form)."""
        for path, messages in errors.items():
            parts = path.split(".")
            target: str | None = None
            if (
                path in ("name", "delimiter", "encoding", "header_row")
                or path == "mapping.group_by"
            ):
                target = parts[-1]
            elif len(parts) >= 3 and parts[:2] == ["mapping", "fields"]:
                attr = parts[3] if len(parts) > 3 else "column"
                key = f"{parts[2]}__{attr}"
                target = key if key in self.fields else None
            for message in messages:
                self.add_error(target, message)
