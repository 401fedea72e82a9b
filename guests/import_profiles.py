"""Import profiles: how one PMS's export maps onto the register's fields (plain, typed, fast).

A profile names, for each register field, a source column or a rule (join, "LAST, FIRST"
reordering, a date format, money, a value map, rate from total / nights, minors from birth
dates...). `mapping_parse` checks the stored JSON and gives field errors; `compile_profile`
turns a checked profile into a `RowTransformer` once (column positions resolved, one small
function per field), which then turns each source row into the register's own cells, the
text `pms_import` already reads (ISO dates, plain decimals, codes). No Django models here: the
model (`models.ImportProfile`) stores the JSON, this module gives it meaning.

Messages name the source column and the rule broken, never the cell's value.
"""

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hotelcompliance.imports.columns import column_name
from hotelcompliance.imports.errors import CellError, RowError
from hotelcompliance.imports.formats import DELIMITERS, ENCODINGS
from hotelcompliance.imports.result import ImportResult, ParsedRow
from hotelcompliance.rules import GUEST_FIELDS

REGISTER_FIELDS: tuple[str, ...] = (*GUEST_FIELDS, "external_ref", "checked_out_at")
DATE_FIELDS = ("arrival", "expected_departure", "checked_out_at")
MONEY_FIELDS = ("rate", "amount_charged")
# Rules a field may use (beside a plain column); `RULES[field]` lists the ones it accepts.
JOIN, LAST_FIRST = "join", "last_first"
RATE_FROM_TOTAL, TOTAL_FROM_RATE = "rate_from_total", "total_from_rate"
BIRTH_DATES, COUNT_GUESTS, STATUS = "birth_dates", "count_guests", "status"
RULES: dict[str, tuple[str, ...]] = {
    "guest_name": (JOIN, LAST_FIRST),
    "occupants": (JOIN,),
    "rate": (RATE_FROM_TOTAL,),
    "amount_charged": (TOTAL_FROM_RATE,),
    "minors": (BIRTH_DATES,),
    "adults": (COUNT_GUESTS,),
    "checked_out_at": (STATUS,),
}
# Date formats a profile may name; ISO (2026-07-01) is always accepted too (an XLSX date
# cell arrives as ISO text whatever the PMS writes in CSV). A time may follow any of them.
DATE_FORMATS = {
    "ISO": r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    "MM/DD/YYYY": r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})",
    "DD/MM/YYYY": r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})",
    "DD.MM.YYYY": r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})",
}
_TIME = r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<p>[AaPp][Mm])?)?"
_DATE_RES = {key: re.compile(rf"\s*{pattern}{_TIME}\s*") for key, pattern in DATE_FORMATS.items()}
# Money as a PMS writes it: "1,234.50" (US) or "1.234,50" (much of Europe).
MONEY_FORMATS = ("1,234.56", "1.234,56")
_NOT_MONEY = re.compile(r"[^\d.,\-]")
OCCUPANT_SEPARATOR = ";"
ADULT_AGE = 18
CHECKED_OUT = "checked_out"
ENCODING_CHOICES = tuple(ENCODINGS)


class ProfileInvalid(ValueError):
    """A profile that cannot be used; `errors` maps a field path to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class FieldMapping:
    """Where one register field comes from: a column, several joined, a rule or a constant."""

    column: str = ""
    columns: tuple[str, ...] = ()
    separator: str = " "
    rule: str = ""
    format: str = ""
    money: str = ""
    values: Mapping[str, str] = field(default_factory=dict)
    constant: str = ""
    optional: bool = False

    def sources(self) -> tuple[str, ...]:
        return tuple(c for c in (self.column, *self.columns) if c)


@dataclass(frozen=True)
class ProfileMapping:
    """A checked mapping: the fields mapped, and the column that groups guests into a stay."""

    fields: Mapping[str, FieldMapping]
    group_by: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fields": {}}
        if self.group_by:
            out["group_by"] = self.group_by
        defaults = FieldMapping()
        for name, mapping in self.fields.items():
            item: dict[str, Any] = {}
            for attr in FIELD_ATTRS:
                value = getattr(mapping, attr)
                if value != getattr(defaults, attr):
                    item[attr] = (
                        list(value)
                        if attr == "columns"
                        else (dict(value) if attr == "values" else value)
                    )
            out["fields"][name] = item
        return out


FIELD_ATTRS = (
    "column",
    "columns",
    "separator",
    "rule",
    "format",
    "money",
    "values",
    "constant",
    "optional",
)


@dataclass(frozen=True)
class Profile:
    """Everything needed to read a file: its layout and its mapping."""

    mapping: ProfileMapping
    delimiter: str = ","
    encoding: str = "utf-8"
    header_row: int = 1


@dataclass(frozen=True)
class PropertyTimes:
    """The property's local times a date-only cell takes, and its zone-free today."""

    check_in: time = time(15, 0)
    check_out: time = time(11, 0)


# ---- checking the stored JSON ------------------------------------------------------------


def mapping_parse(data: object) -> ProfileMapping:
    """The stored JSON as a `ProfileMapping`, or `ProfileInvalid` naming each bad part.

    Error keys are paths: `fields`, `fields.arrival.format`, `group_by`.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(data, dict):
        raise ProfileInvalid({"mapping": [_("The mapping must be an object.")]})
    group_by = data.get("group_by", "") or ""
    if not isinstance(group_by, str):
        errors.setdefault("group_by", []).append(_("Give a column heading."))
        group_by = ""
    unknown_keys = set(data) - {"fields", "group_by"}
    if unknown_keys:
        errors.setdefault("mapping", []).append(
            _("Unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown_keys))}
        )
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        errors.setdefault("fields", []).append(_("Map at least one register field."))
        raise ProfileInvalid(errors)
    fields: dict[str, FieldMapping] = {}
    for name, raw in raw_fields.items():
        path = f"fields.{name}"
        if name not in REGISTER_FIELDS:
            errors.setdefault(path, []).append(_("Not a register field."))
            continue
        if not isinstance(raw, dict):
            errors.setdefault(path, []).append(_("Give the field's mapping as an object."))
            continue
        mapping = _field_parse(name, raw, path, errors, grouped=bool(group_by))
        if mapping is not None:
            fields[name] = mapping
    for needed in ("guest_name", "arrival", "expected_departure"):
        if needed not in raw_fields:
            errors.setdefault(f"fields.{needed}", []).append(_("This field must be mapped."))
    if group_by and "external_ref" not in raw_fields:
        errors.setdefault("fields.external_ref", []).append(
            _("Grouped guests need the reservation's reference mapped to external_ref.")
        )
    if errors:
        raise ProfileInvalid(errors)
    return ProfileMapping(fields=fields, group_by=group_by.strip())


def _field_parse(
    name: str, raw: dict[str, Any], path: str, errors: dict[str, list[str]], *, grouped: bool
) -> FieldMapping | None:
    def fail(attr: str, message: str) -> None:
        errors.setdefault(f"{path}.{attr}", []).append(message)

    unknown = set(raw) - set(FIELD_ATTRS)
    if unknown:
        errors.setdefault(path, []).append(
            _("Unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    texts: dict[str, str] = {}
    for attr in ("column", "separator", "rule", "format", "money", "constant"):
        value = raw.get(attr, getattr(FieldMapping(), attr))
        if not isinstance(value, str) or len(value) > 200 or "\n" in value:
            fail(attr, _("Give a short single line of text."))
            value = ""
        texts[attr] = value.strip() if attr != "separator" else value
    columns = raw.get("columns", [])
    if not isinstance(columns, list) or not all(isinstance(c, str) and c.strip() for c in columns):
        fail("columns", _("Give a list of column headings."))
        columns = []
    values = raw.get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in values.items()
    ):
        fail("values", _("Give the value map as source value → register value pairs."))
        values = {}
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        fail("optional", _("Give true or false."))
        optional = False
    rule = texts["rule"]
    if rule and rule not in RULES.get(name, ()):
        allowed = ", ".join(RULES.get(name, ())) or _("none")
        fail("rule", _("Unknown rule for this field; rules here: %(rules)s.") % {"rules": allowed})
    if texts["format"] and texts["format"] not in DATE_FORMATS:
        fail(
            "format",
            _("Unknown date format; use one of: %(formats)s.")
            % {"formats": ", ".join(DATE_FORMATS)},
        )
    if texts["format"] and name not in DATE_FIELDS and rule != BIRTH_DATES:
        fail("format", _("Only date fields take a date format."))
    if texts["money"] and texts["money"] not in MONEY_FORMATS:
        fail("money", _("Use 1,234.56 or 1.234,56."))
    if texts["money"] and name not in MONEY_FIELDS:
        fail("money", _("Only rate and amount_charged take a money format."))
    choices = _choices(name)
    if values:
        if choices is None and rule != STATUS:
            fail("values", _("Only coded fields (ID type, rate type, payment, status) take a map."))
        targets = {CHECKED_OUT} if rule == STATUS else set(choices or ())
        bad = sorted({v for v in values.values() if v not in targets})
        if bad:
            fail(
                "values",
                _("Map to one of: %(codes)s.") % {"codes": ", ".join(sorted(targets))},
            )
    if texts["constant"] and choices is not None and texts["constant"] not in choices:
        fail("constant", _("Use one of: %(codes)s.") % {"codes": ", ".join(choices)})
    column = texts["column"]
    needs_column = rule in ("", LAST_FIRST, RATE_FROM_TOTAL, BIRTH_DATES, STATUS)
    if rule == JOIN and not columns and not (grouped and name == "occupants"):
        fail("columns", _("Name the columns to join."))
    if needs_column and not column and not texts["constant"] and rule != STATUS:
        fail("column", _("Name the source column (or a constant)."))
    if rule == STATUS and not column:
        fail("column", _("Name the status column."))
    if rule == STATUS and not values:
        fail("values", _("Name the statuses that mean the guest has checked out."))
    if rule in (BIRTH_DATES, COUNT_GUESTS) and not grouped:
        fail("rule", _("This rule counts a reservation's guests: set the grouping column."))
    return FieldMapping(
        column=column,
        columns=tuple(c.strip() for c in columns),
        separator=texts["separator"] or " ",
        rule=rule,
        format=texts["format"],
        money=texts["money"],
        values={_key(k): v for k, v in values.items()},
        constant=texts["constant"],
        optional=optional,
    )


def _choices(name: str) -> tuple[str, ...] | None:
    from guests.models import IdType, PaymentMethod, RateType  # the codes the register takes

    return {
        "id_type": tuple(IdType.values),
        "rate_type": tuple(RateType.values),
        "payment_method": tuple(PaymentMethod.values),
    }.get(name)


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def profile_from_json(data: Mapping[str, Any]) -> Profile:
    """A whole profile (layout and mapping) from one JSON object, checked."""
    errors: dict[str, list[str]] = {}
    delimiter = data.get("delimiter", ",")
    if delimiter not in DELIMITERS:
        errors["delimiter"] = [_("Use a comma, semicolon, pipe or tab.")]
    encoding = data.get("encoding", "utf-8")
    if encoding not in ENCODINGS:
        errors["encoding"] = [_("Use UTF-8, UTF-8 with BOM, Windows-1252 or Latin-1.")]
    header_row = data.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or not 1 <= header_row <= 50:
        errors["header_row"] = [_("Give a row number between 1 and 50.")]
    try:
        mapping = mapping_parse(data.get("mapping"))
    except ProfileInvalid as invalid:
        errors.update(
            {f"mapping.{k}" if k != "mapping" else k: v for k, v in invalid.errors.items()}
        )
    if errors:
        raise ProfileInvalid(errors)
    return Profile(mapping=mapping, delimiter=delimiter, encoding=encoding, header_row=header_row)


# ---- cells ---------------------------------------------------------------------------------


def parse_moment(text: str, fmt: str) -> tuple[date, time | None]:
    """A date (and its time when the cell has one) in `fmt` or ISO; `CellError` otherwise."""
    match = _DATE_RES[fmt or "ISO"].fullmatch(text) or _DATE_RES["ISO"].fullmatch(text)
    if match is None:
        raise CellError(
            _("Not a date in the profile's format (%(format)s).") % {"format": fmt or "ISO"}
        )
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise CellError(_("Not a real date (check the month and the day).")) from None
    if match["H"] is None:
        return day, None
    hour, minute = int(match["H"]), int(match["M"])
    if match["p"]:
        if not 1 <= hour <= 12:
            raise CellError(_("Not a real time."))
        hour = hour % 12 + (12 if match["p"].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise CellError(_("Not a real time."))
    return day, time(hour, minute, int(match["S"] or 0))


def parse_money(text: str, money: str) -> Decimal:
    """ "$1,234.50", "1.234,50 €", "USD 99" as a Decimal; `CellError` when it is no amount."""
    digits = _NOT_MONEY.sub("", text)
    if money == "1.234,56":
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise CellError(_("Not an amount (such as $1,234.50).")) from None
    if not value.is_finite():
        raise CellError(_("Not an amount (such as $1,234.50)."))
    return value


def last_first(text: str) -> str:
    """ "SMITH, John A" → "John A SMITH"; a name without a comma is kept as it is."""
    last, comma, first = text.partition(",")
    if not comma:
        return text.strip()
    return f"{first.strip()} {last.strip()}".strip()


def _plain(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


# ---- the compiled transformer --------------------------------------------------------------

Cells = list[str]
FieldFn = Callable[[Cells, dict[str, Any]], str]


@dataclass
class RowTransformer:
    """A profile compiled against one file's header: source rows in, register rows out."""

    profile: Profile
    times: PropertyTimes
    functions: list[tuple[str, FieldFn]] = field(default_factory=list)
    group_index: int | None = None
    birth_index: int | None = None
    birth_format: str = ""
    name_fn: FieldFn | None = None

    def rows(
        self, source: Iterator[tuple[int, Cells]], result: ImportResult
    ) -> Iterator[ParsedRow]:
        """Check the header into `result`, then yield one register row per stay.

        Rows before `header_row` are skipped (a title line). Grouped files give one stay per
        run of rows sharing the grouping column, at the run's first line.
        """
        header: tuple[int, Cells] | None = None
        for line, cells in source:
            if line >= self.profile.header_row:
                header = (line, cells)
                break
        if header is None:
            result.add(
                RowError(self.profile.header_row, "columns", _("The file has no header row."))
            )
            return
        errors = self.bind(header[1], header[0])
        for error in errors:
            result.add(error)
        if errors:
            return
        if self.group_index is None:
            for line, cells in source:
                result.rows += 1
                yield self.one(line, cells)
        else:
            yield from self._grouped(source, result)
        if not result.rows:
            result.add(RowError(header[0] + 1, "rows", _("The file has a header but no rows.")))

    def bind(self, headings: Cells, line: int) -> list[RowError]:
        """Resolve every source column the profile names; missing ones are named (by heading)."""
        positions: dict[str, int] = {}
        repeated: set[str] = set()
        for position, heading in enumerate(headings):
            key = column_name(heading)
            if key in positions:
                repeated.add(key)
            positions.setdefault(key, position)
        mapping = self.profile.mapping
        missing: list[str] = []

        def index_of(heading: str, optional: bool = False) -> int | None:
            key = column_name(heading)
            if key in repeated:
                return None
            if key not in positions and not optional and heading not in missing:
                missing.append(heading)
            return positions.get(key)

        self.functions = []
        fields = dict(mapping.fields)
        if mapping.group_by and "occupants" not in fields:
            fields["occupants"] = FieldMapping(rule=JOIN)  # the other guests of the stay
        for name in _ORDER:
            spec = fields.get(name)
            if spec is None:
                continue
            indices = tuple(index_of(c, spec.optional) for c in spec.columns)
            index = index_of(spec.column, spec.optional) if spec.column else None
            self.functions.append((name, _field_fn(name, spec, index, indices, self.times)))
        if mapping.group_by:
            self.group_index = index_of(mapping.group_by)
            minors = mapping.fields.get("minors")
            if minors is not None and minors.rule == BIRTH_DATES:
                self.birth_index = index_of(minors.column, minors.optional)
                self.birth_format = minors.format
            name_spec = mapping.fields["guest_name"]
            self.name_fn = _field_fn(
                "guest_name",
                name_spec,
                index_of(name_spec.column, name_spec.optional) if name_spec.column else None,
                tuple(index_of(c, name_spec.optional) for c in name_spec.columns),
                self.times,
            )
        errors = []
        if missing:
            errors.append(
                RowError(
                    line,
                    "columns",
                    _("Missing column for this profile: %(missing)s.")
                    % {"missing": ", ".join(missing)},
                )
            )
        used = {column_name(c) for spec in mapping.fields.values() for c in spec.sources()}
        twice = sorted(repeated & (used | {column_name(mapping.group_by)}))
        if twice:
            errors.append(
                RowError(
                    line,
                    "columns",
                    _("Column given twice: %(columns)s.") % {"columns": ", ".join(twice)},
                )
            )
        return errors

    def one(self, line: int, cells: Cells, group: list[Cells] | None = None) -> ParsedRow:
        """One stay's register cells (text `pms_import` reads), or the row's errors."""
        row = ParsedRow(line=line, cells={})
        context: dict[str, Any] = {"group": group or [cells]}
        if group is not None and len(group) > 1:
            context["companions"] = _companions(self, group)
        out = row.cells
        for name, fn in self.functions:
            try:
                text = fn(cells, context)
            except CellError as error:
                row.fail(name, error.message)
                continue
            if text:
                out[name] = text
        if context.get("arrival_assumed"):
            row.values["arrival_time_assumed"] = True
        for cell in cells:
            if "\x00" in cell:
                row.fail("row", _("This row holds binary data (a NUL byte)."))
                break
        return row

    def _grouped(
        self, source: Iterator[tuple[int, Cells]], result: ImportResult
    ) -> Iterator[ParsedRow]:
        assert self.group_index is not None
        index = self.group_index
        group: list[Cells] = []
        first_line = 0
        key = None
        for line, cells in source:
            this = cells[index].strip() if index < len(cells) else ""
            if group and this == key and this:
                group.append(cells)
                continue
            if group:
                result.rows += 1
                yield self.one(first_line, group[0], group)
            group, first_line, key = [cells], line, this
        if group:
            result.rows += 1
            yield self.one(first_line, group[0], group)


def compile_profile(profile: Profile, times: PropertyTimes | None = None) -> RowTransformer:
    """The profile ready to transform rows; column positions are bound at the header."""
    return RowTransformer(profile=profile, times=times or PropertyTimes())


# Fields computed in this order: the dates before what counts nights, minors before adults,
# the rate before a total.
_FIRST, _LAST = ("arrival", "expected_departure", "minors"), ("adults", "amount_charged")
_ORDER = (*_FIRST, *[f for f in REGISTER_FIELDS if f not in _FIRST + _LAST], *_LAST)


def _cell(cells: Cells, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _field_fn(
    name: str,
    spec: FieldMapping,
    index: int | None,
    indices: tuple[int | None, ...],
    times: PropertyTimes,
) -> FieldFn:
    """One register field's function of (source cells, row context) → register text."""
    heading = spec.column
    constant = spec.constant

    def labelled(message: str, source: str = "") -> CellError:
        return CellError(f"{source or heading}: {message}" if (source or heading) else message)

    if name in DATE_FIELDS and spec.rule != STATUS:
        return _date_fn(name, spec, index, times, labelled)
    if name in MONEY_FIELDS:
        return _money_fn(name, spec, index, labelled)
    if name == "guest_name" and spec.rule == JOIN:
        separator = spec.separator

        def joined(cells: Cells, context: dict[str, Any]) -> str:
            return separator.join(p for p in (_cell(cells, i) for i in indices) if p)

        return joined
    if name == "guest_name" and spec.rule == LAST_FIRST:
        return lambda cells, context: last_first(_cell(cells, index))
    if name == "occupants":
        return _occupants_fn(index, indices, spec.separator.strip())
    if name == "minors" and spec.rule == BIRTH_DATES:
        return _minors_fn(spec, index, labelled)
    if name == "adults" and spec.rule == COUNT_GUESTS:

        def adults(cells: Cells, context: dict[str, Any]) -> str:
            return str(len(context["group"]) - int(context.get("minors", 0)))

        return adults
    if spec.rule == STATUS:
        return _status_fn(spec, index, times)
    values = spec.values
    if values:

        def mapped(cells: Cells, context: dict[str, Any]) -> str:
            text = _cell(cells, index)
            if not text:
                return constant
            code = values.get(_key(text)) or values.get("*")
            if code is None:
                raise labelled(_("This value is not in the profile's value map; add it there."))
            return code

        return mapped
    if index is None:
        return lambda cells, context: constant

    def plain(cells: Cells, context: dict[str, Any]) -> str:
        return _cell(cells, index) or constant

    return plain


def _date_fn(
    name: str,
    spec: FieldMapping,
    index: int | None,
    times: PropertyTimes,
    labelled: Callable[[str], CellError],
) -> FieldFn:
    fmt = spec.format or "ISO"
    default_time = times.check_out if name == "checked_out_at" else times.check_in

    def moment(cells: Cells, context: dict[str, Any]) -> str:
        text = _cell(cells, index)
        if not text:
            return ""
        try:
            day, at = parse_moment(text, fmt)
        except CellError as error:
            raise labelled(error.message) from None
        context[name] = day
        if name == "expected_departure":
            if at is not None:
                context["departure_at"] = datetime.combine(day, at)
            return day.isoformat()
        if at is None:
            at = default_time
            if name == "arrival":
                context["arrival_assumed"] = True
        return datetime.combine(day, at).isoformat(timespec="minutes")

    return moment


def _nights(context: dict[str, Any]) -> int | None:
    arrival, departure = context.get("arrival"), context.get("expected_departure")
    if arrival is None or departure is None:
        return None
    return max((departure - arrival).days, 1)


def _money_fn(
    name: str, spec: FieldMapping, index: int | None, labelled: Callable[[str], CellError]
) -> FieldFn:
    money = spec.money or "1,234.56"
    rule = spec.rule
    constant = spec.constant

    def amount(cells: Cells, context: dict[str, Any]) -> str:
        if rule == TOTAL_FROM_RATE:
            rate, nights = context.get("rate"), _nights(context)
            if rate is None or nights is None:
                return ""
            value: Decimal = rate * nights
        else:
            text = _cell(cells, index) or constant
            if not text:
                return ""
            try:
                value = parse_money(text, money)
            except CellError as error:
                raise labelled(error.message) from None
            if rule == RATE_FROM_TOTAL:
                nights = _nights(context)
                if nights is None:
                    return ""
                value = value / nights
        context[name] = value.quantize(Decimal("0.01"))
        return _plain(value)

    return amount


def _occupants_fn(index: int | None, indices: tuple[int | None, ...], split: str) -> FieldFn:
    """Names from one column (already `;`-separated), joined columns, and grouped guests.

    A joined column holding several names is split on the mapping's `separator` when it is
    not a space (Mews lists companions as "Anke de Vries, Tim de Vries").
    """

    def occupants(cells: Cells, context: dict[str, Any]) -> str:
        names = [_cell(cells, index)] if index is not None else []
        names = [n for n in names if n]
        for text in (_cell(cells, i) for i in indices):
            parts = text.split(split) if split else [text]
            names.extend(p.strip().replace(OCCUPANT_SEPARATOR, ",") for p in parts if p.strip())
        minor_at = context.get("minor_at", frozenset())
        for at, name in context.get("companions", ()):
            name = name.replace(OCCUPANT_SEPARATOR, ",")
            names.append(f"{name} *" if at in minor_at else name)  # marked as at the desk
        return OCCUPANT_SEPARATOR.join(names)

    return occupants


def _minors_fn(
    spec: FieldMapping, index: int | None, labelled: Callable[[str], CellError]
) -> FieldFn:
    fmt = spec.format or "ISO"

    def minors(cells: Cells, context: dict[str, Any]) -> str:
        arrival: date | None = context.get("arrival")
        minor_at: set[int] = set()
        for at, guest in enumerate(context["group"]):
            text = _cell(guest, index)
            if not text or arrival is None:
                continue
            try:
                born, _at = parse_moment(text, fmt)
            except CellError as error:
                raise labelled(error.message) from None
            if _age(born, arrival) < ADULT_AGE:
                minor_at.add(at)
        count = len(minor_at)
        context["minors"] = count
        context["minor_at"] = frozenset(minor_at)  # the companions marked minor
        return str(count)

    return minors


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _status_fn(spec: FieldMapping, index: int | None, times: PropertyTimes) -> FieldFn:
    values = spec.values

    def checked_out(cells: Cells, context: dict[str, Any]) -> str:
        text = _cell(cells, index)
        if not text or values.get(_key(text)) != CHECKED_OUT:
            return ""
        at = context.get("departure_at")
        if at is None:
            departure = context.get("expected_departure")
            if departure is None:
                return ""
            at = datetime.combine(departure, times.check_out)
        return str(at.isoformat(timespec="minutes"))

    return checked_out


def _companions(transformer: RowTransformer, group: list[Cells]) -> list[tuple[int, str]]:
    """The other guests' names with their place in the group (to mark the minors)."""
    if transformer.name_fn is None or len(group) < 2:
        return []
    names = []
    for at, guest in enumerate(group[1:], start=1):
        name = transformer.name_fn(guest, {"group": group})
        if name:
            names.append((at, name))
    return names


# ---- built-in profiles ---------------------------------------------------------------------

BUILTIN_DIR = Path(__file__).resolve().parent / "import_profiles_builtin"


@dataclass(frozen=True)
class Builtin:
    """A profile shipped with the product: a data file citing where its field list comes from."""

    key: str
    name: str
    source: str
    data: Mapping[str, Any]

    def profile(self) -> Profile:
        return profile_from_json(self.data)


def builtins() -> dict[str, Builtin]:
    """Every built-in profile by key, each checked (a broken data file fails loudly)."""
    found: dict[str, Builtin] = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        layout = {k: data[k] for k in ("delimiter", "encoding", "header_row", "mapping")}
        found[data["key"]] = Builtin(data["key"], data["name"], data["source"], layout)
    return found
