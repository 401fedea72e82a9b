"""Forms of the records-request and poster-evidence pages: shapes only.

The rules (scope limits, the exigent path, dates, file content) stay in `audits.services`,
whose field errors the views put back beside these fields.
"""

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from audits.models import (
    DecisionOutcome,
    DocumentKind,
    ExigentReview,
    LegalBasis,
    PosterNotice,
    RequestSubject,
)
from audits.services import (
    EXIGENT_MAX_PERIOD_DAYS,
    EXIGENT_REASON_MIN_LENGTH,
    INSPECTOR_DOCUMENT_KINDS,
    MAX_DOCUMENTS,
    MAX_NAMES,
    MAX_ROOMS,
    REASON_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
)
from audits.types import RecordsRequestFiling
from hotelcompliance.field_labels import guest_field_label
from hotelcompliance.form_once import once_field
from hotelcompliance.rules import GUEST_FIELDS, RulePack
from hotelcompliance.validators import no_control_characters, plausible_date

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from audits.paper_requests import PaperOfficer

ACCEPT_DOCUMENTS = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
ACCEPT_PHOTOS = ".png,.jpg,.jpeg,image/png,image/jpeg"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_DOCUMENTS}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any | None = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_DOCUMENTS:
            raise forms.ValidationError(f"Attach at most {MAX_DOCUMENTS} documents.")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _lines(value: str, *, limit: int, noun: str) -> list[str]:
    """One item per line (or comma, for rooms); blank lines ignored."""
    items = [item.strip() for item in value.splitlines() if item.strip()]
    if len(items) > limit:
        raise forms.ValidationError(f"List at most {limit} {noun}s.")
    return items


class RecordsRequestForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("What is asked for"),
        choices=RequestSubject.choices,
        initial=RequestSubject.REGISTER,
        required=False,  # unanswered: the guest register
        widget=forms.RadioSelect,
        help_text=_(
            "Training records (e.g. the Texas Attorney General's request) cover every employee "
            "of the period: leave rooms, guests and register fields empty."
        ),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, widget=forms.RadioSelect
    )
    period_start = forms.DateField(
        label=_("Period from"), widget=DateInput(), validators=[plausible_date]
    )
    period_end = forms.DateField(
        label=_("Period to"), widget=DateInput(), validators=[plausible_date]
    )
    rooms = forms.CharField(
        label=_("Rooms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separate rooms with commas or new lines; leave empty for every room."),
    )
    names = forms.CharField(
        label=_("Guest names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("One name per line; leave empty for every guest in the period and rooms."),
    )
    register_fields = forms.MultipleChoiceField(
        label=_("Register fields asked for"),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # a training-records request has none; the service checks the rest
    )
    deadline = forms.DateField(
        label=_("Deadline for the hotel's answer"), widget=DateInput(), validators=[plausible_date]
    )
    agency_reference = forms.CharField(
        label=_("Your agency's reference"),
        required=False,
        max_length=100,
        help_text=_("Your own case or file number, if any; it is shown with the request."),
    )
    exigent_reason = forms.CharField(
        label=_("Exigent reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Only for exigent circumstances, and then required: why the records cannot wait "
            f"(at least {EXIGENT_REASON_MIN_LENGTH} characters). An exigent request covers at "
            f"most {EXIGENT_MAX_PERIOD_DAYS} days and names its rooms or guests; it is produced "
            "at once and every manager is told."
        ),
    )
    document_kind = forms.ChoiceField(
        label=_("Documents are"),
        required=False,
        choices=[
            ("", "Choose a kind"),
            *[(k, DocumentKind(k).label) for k in INSPECTOR_DOCUMENT_KINDS],
        ],
    )
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("Subpoena, warrant or consent form: PDF, PNG or JPEG, at most 10 MB each."),
    )
    # A one-time token per form: a second submit of the same form finds the first request.
    token = once_field()

    def __init__(self, *args: Any, pack: RulePack, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = pack.guest_fields().required
        ordered = [n for n in GUEST_FIELDS if n in required] + [
            n for n in GUEST_FIELDS if n not in required
        ]
        cast(forms.MultipleChoiceField, self.fields["register_fields"]).choices = [
            (name, _("%(field)s (kept by law here)") % {"field": guest_field_label(name)})
            if name in required
            else (name, guest_field_label(name))
            for name in ordered
        ]
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs["max"] = today.isoformat()
        self.fields["deadline"].widget.attrs["min"] = today.isoformat()

    def clean_rooms(self) -> list[str]:
        value = self.cleaned_data.get("rooms", "").replace(",", "\n")
        return _lines(value, limit=MAX_ROOMS, noun="room")

    def clean_names(self) -> list[str]:
        return _lines(self.cleaned_data.get("names", ""), limit=MAX_NAMES, noun="name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("documents") and not data.get("document_kind"):
            self.add_error("document_kind", _("Say what the attached documents are."))
        return data

    def filing_data(self) -> RecordsRequestFiling:
        """The cleaned values under the service's names, for `records_request_file`."""
        data = self.cleaned_data
        return {
            "subject": data.get("subject") or RequestSubject.REGISTER,
            "legal_basis": data["legal_basis"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "rooms": data["rooms"],
            "names": data["names"],
            "fields": data["register_fields"],
            "deadline": data["deadline"],
            "exigent_reason": data.get("exigent_reason", ""),
            "agency_reference": data.get("agency_reference", ""),
        }

    def document_uploads(self) -> list[tuple[str, Any]]:
        kind = self.cleaned_data.get("document_kind", "")
        return [(kind, upload) for upload in self.cleaned_data.get("documents") or []]


class PaperRequestForm(RecordsRequestForm):
    """A request served on paper, logged by a manager: who served it, and its scan."""

    officer_name = forms.CharField(label=_("Officer's name"), max_length=150)
    officer_agency = forms.CharField(label=_("Agency"), max_length=200)
    officer_badge = forms.CharField(label=_("Badge or ID number"), max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        basis = cast(forms.ChoiceField, self.fields["legal_basis"])
        basis.choices = [
            (value, label)
            for value, label in LegalBasis.choices
            if value != LegalBasis.EXIGENT_CIRCUMSTANCES
        ]
        del self.fields["exigent_reason"]
        self.fields["documents"].required = True
        self.fields["documents"].help_text = _("The scan or photo of the paper (PDF, PNG or JPEG).")
        self.fields["agency_reference"].label = _("The agency's reference")
        self.fields["agency_reference"].help_text = _("The case or file number on the paper.")

    def officer(self) -> "PaperOfficer":
        from audits.paper_requests import PaperOfficer

        data = self.cleaned_data
        return PaperOfficer(
            name=data["officer_name"],
            agency=data["officer_agency"],
            badge_number=data["officer_badge"],
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[
            ("", "Choose a kind"),
            *[(k, DocumentKind(k).label) for k in INSPECTOR_DOCUMENT_KINDS],
        ],
    )
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENTS}),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )


ANSWER_TEXT: "dict[str, tuple[StrOrPromise, bool, StrOrPromise]]" = {
    # verb → (label, required, help)
    "review": (_("Note (optional)"), False, ""),
    "produce": (
        _("Note (optional)"),
        False,
        _("The inspector receives exactly the records in scope."),
    ),
    "object": (
        _("Grounds of the objection"),
        True,
        _("For review by a neutral decision-maker (a judge or reviewing body)."),
    ),
    "clarify": (
        _("Question for the inspector"),
        True,
        _("What in the scope or basis is unclear."),
    ),
    "withdraw": (_("Reason (optional)"), False, ""),
}


class AnswerForm(forms.Form):
    """One step on a request: an optional note or a required text, and the state it saw."""

    text = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The state the page showed: a second submit of the same step is recognised as such.
    from_status = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args: Any, verb: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", verb)
        super().__init__(*args, **kwargs)
        label, required, help_text = ANSWER_TEXT[verb]
        self.verb = verb
        field = self.fields["text"]
        field.label, field.required, field.help_text = label, required, help_text
        if required:
            field.error_messages["required"] = (
                _("Give the grounds of the objection.")
                if verb == "object"
                else _("Say what the inspector should clarify.")
            )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("The judge, court or reviewing body."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DateInput(), validators=[plausible_date]
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("Docket or case number."),
    )
    document = forms.FileField(
        label=_("The decision (optional)"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENTS}),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )
    from_status = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "decide")
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].widget.attrs["max"] = today.isoformat()


class ExigentReviewForm(forms.Form):
    """A manager's after-the-fact answer to an exigent production, with the reason."""

    outcome = forms.ChoiceField(
        label=_("Your review"),
        choices=[
            (ExigentReview.CONFIRMED, _("Confirm: the emergency justified producing at once")),
            (ExigentReview.CONTESTED, _("Contest: it did not justify producing without review")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept on the timeline with your name."),
        error_messages={"required": _("Say why you confirm or contest this production.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "exigent")
        super().__init__(*args, **kwargs)


class PosterEvidenceForm(forms.Form):
    notice = forms.ChoiceField(label=_("Notice"), choices=PosterNotice.choices)
    notice_other = forms.CharField(
        label=_("Other notice's name"),
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("Only when the notice is not listed."),
    )
    location = forms.CharField(
        label=_("Where it is posted"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("E.g. “Front desk, beside the card terminal”."),
    )
    posted_on = forms.DateField(
        label=_("Date posted"), widget=DateInput(), validators=[plausible_date]
    )
    photo = forms.FileField(
        label=_("Photo"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_PHOTOS}),
        help_text=_("PNG or JPEG, at most 10 MB."),
    )
    token = once_field()

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["posted_on"].widget.attrs["max"] = today.isoformat()

    def evidence_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("notice", "notice_other", "location", "posted_on")
        }
