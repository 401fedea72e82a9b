"""Build AAMVA and MRZ payloads from the published layouts, for tests (no real person's data)."""

from datetime import date

from guests.id_documents.mrz import check_digit


def aamva_payload(
    elements: dict[str, str],
    *,
    version: int = 10,
    subfile: str = "DL",
    header: str = "@\n\x1e\rANSI ",
    line_end: str = "\n",
) -> str:
    """A compliance-indicator header, one subfile designator and the subfile's elements."""
    data = subfile + line_end.join(f"{key}{value}" for key, value in elements.items()) + "\r"
    jurisdiction = "00" if version >= 2 else ""
    head = f"{header}636000{version:02d}{jurisdiction}01"
    offset = len(head) + 10
    return f"{head}{subfile}{offset:04d}{len(data):04d}{data}"


def us_date(day: date) -> str:
    return day.strftime("%m%d%Y")


def mrz_td3(
    *, number: str, family: str, given: str, dob: date, expiry: date, issuer: str = "UTO"
) -> str:
    name = f"{family}<<{given.replace(' ', '<')}".ljust(39, "<")[:39]
    line1 = f"P<{issuer}{name}"
    num = number.ljust(9, "<")
    born, exp, optional = dob.strftime("%y%m%d"), expiry.strftime("%y%m%d"), "<" * 14
    body = f"{num}{check_digit(num)}{issuer}{born}{check_digit(born)}F{exp}{check_digit(exp)}"
    body += f"{optional}<"
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{line1}\n{body}{check_digit(composite)}"


def mrz_td1(
    *, number: str, family: str, given: str, dob: date, expiry: date, issuer: str = "UTO"
) -> str:
    num = number.ljust(9, "<")
    line1 = f"I<{issuer}{num}{check_digit(num)}".ljust(30, "<")
    born, exp = dob.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    line2 = f"{born}{check_digit(born)}M{exp}{check_digit(exp)}{issuer}".ljust(29, "<")
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += check_digit(composite)
    line3 = f"{family}<<{given.replace(' ', '<')}".ljust(30, "<")[:30]
    return f"{line1}\n{line2}\n{line3}"
