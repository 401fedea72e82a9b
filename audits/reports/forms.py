"""The report form managers fill in on the reports page, and the public verify form."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from audits.reports.models import PERIOD_KIND_CHOICES
from audits.reports.verify_upload import too_large_message, verify_max_bytes
from hotelcompliance.form_once import once_field

if TYPE_CHECKING:
    from audits.models import RecordsRequest


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=PERIOD_KIND_CHOICES, label=_("Kind of report"))
    period_start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    records_request = forms.ChoiceField(
        label=_("For records request"),
        required=False,
        help_text=(
            _("Required for a register extract; otherwise shares the report with its inspector.")
        ),
    )
    submission = once_field()

    def __init__(
        self, *args: Any, produced_requests: Iterable["RecordsRequest"] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["records_request"]).choices = [
            ("", "None: the property's own records")
        ] + [
            (
                str(r.pk),
                f"{r.agency} · {r.get_legal_basis_display()} · {r.period_start} to {r.period_end}",
            )
            for r in produced_requests
        ]


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("The PDF"), required=False)
    code = forms.CharField(label=_("Or its verification code"), required=False, max_length=40)

    @classmethod
    def too_large(cls) -> "VerifyForm":
        """The form as it answers an upload refused before it was read: one error, on `file`."""
        form = cls(data={})
        form.is_valid()
        form.errors.clear()
        form.add_error("file", too_large_message())
        return form

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > verify_max_bytes():
            raise forms.ValidationError(too_large_message())
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("file") and not (cleaned.get("code") or "").strip() and not self.errors:
            raise forms.ValidationError(
                _("Choose the PDF to check, or type its verification code.")
            )
        return cleaned
