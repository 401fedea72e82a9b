"""No view, endpoint or serializer writes an access event or a state change itself (issue 11).

Checked on the source of every page, API and serializer module: no call to an access-log
writer (`hotelcompliance.access_log`'s `*_record` functions, `AccessEvent(...)`), no
assignment to a state or stamp field (`status`, `*_status`, `*_at`, `*_by`), no `.save()`,
`.delete()`, `create()`, keyword `.update(...)`. The services and selectors do these. The
behaviour of what moved out of the token login is checked below.
"""

import ast
from pathlib import Path

import pytest

from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.api_tokens import ApiToken
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
APPS = ("guests", "training", "audits", "hotelcompliance")
ROW_WRITES = {
    "save",
    "delete",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
}
STATE_SUFFIXES = ("_status", "_at", "_by")


def _access_log_writers() -> set[str]:
    tree = ast.parse((ROOT / "hotelcompliance" / "access_log.py").read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_record")
    } | {"AccessEvent"}


def view_modules() -> list[Path]:
    """Pages, endpoints and serializers: views.py, *_views.py, api.py, *_pages.py,
    serializers.py, api/."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = path.name
            if (
                name in ("views.py", "api.py", "serializers.py")
                or name.endswith(("_pages.py", "_views.py"))
                or path.parent.name == "api"
            ):
                found.append(path)
    return found


def _is_state_field(name: str) -> bool:
    return name == "status" or name.endswith(STATE_SUFFIXES)


def _offence(node: ast.AST, writers: set[str]) -> str:
    """What this node writes, or "" when it writes nothing a service should own."""
    if isinstance(node, ast.ImportFrom) and node.module == "hotelcompliance.access_log":
        # Importing the model to read it is fine (the dashboard lists recent events).
        named = (writers - {"AccessEvent"}) & {alias.name for alias in node.names}
        return f"imports {sorted(named)}" if named else ""
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and _is_state_field(target.attr):
                return f"sets .{target.attr}"
        return ""
    if not isinstance(node, ast.Call):
        return ""
    func = node.func
    called = getattr(func, "id", None) or getattr(func, "attr", None) or ""
    if called in writers:
        return f"calls {called}"
    if isinstance(func, ast.Attribute) and called in ROW_WRITES:
        return f"calls .{called}()"
    if isinstance(func, ast.Attribute) and called == "update" and node.keywords:
        return "calls .update(field=...)"
    if called == "setattr" and len(node.args) > 1:
        field = node.args[1]
        if isinstance(field, ast.Constant) and _is_state_field(str(field.value)):
            return f"setattr {field.value}"
    return ""


def offences(source: str, writers: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        what = _offence(node, writers)
        if what:
            found.append(f"{getattr(node, 'lineno', 0)}: {what}")
    return found


def test_the_check_covers_every_kind_of_view_module():
    names = {str(path.relative_to(ROOT)) for path in view_modules()}

    assert {
        "audits/views.py",
        "audits/api.py",
        "audits/serializers.py",
        "audits/reports/views.py",
        "guests/views.py",
        "guests/api.py",
        "training/views.py",
        "training/api.py",
        "hotelcompliance/views.py",
        "hotelcompliance/api_token_pages.py",
        "hotelcompliance/api/views.py",
    } <= names


@pytest.mark.parametrize(
    "source",
    [
        "from hotelcompliance.access_log import access_event_record",
        "access_list_record(request, prop, kind, 'x')",
        "access_log.access_download_record(request, prop, 'x', 1)",
        "AccessEvent.objects.create(kind='view')",
        "AccessEvent(kind='view').save()",
        "records_request.status = 'produced'",
        "request_obj.exigent_reviewed_at = now",
        "setattr(registration, 'checked_out_at', now)",
        "record.save(update_fields=['status'])",
        "Employee.objects.filter(pk=1).update(end_date=day)",
        "Employee.objects.create(name='x')",
        "employee.delete()",
    ],
)
def test_the_check_catches_each_kind_of_write(source):
    assert offences(source, _access_log_writers())


def test_the_check_lets_reads_and_service_calls_through():
    source = (
        "employee.property = prop\n"
        "context.update(data)\n"
        "services.records_request_review(request=rr, actor=user)\n"
        "selectors.registration_read(prop=prop, pk=pk, request=request)\n"
        "AccessEvent.objects.filter(property=prop).order_by('-created_at')\n"
    )

    assert offences(source, _access_log_writers()) == []


def test_no_view_endpoint_or_serializer_writes_an_event_or_a_state_change_itself():
    writers = _access_log_writers()
    found = [
        f"{path.relative_to(ROOT)}:{offence}"
        for path in view_modules()
        for offence in offences(path.read_text(), writers)
    ]

    assert not found, found


# What moved out of the token login, by its behaviour -------------------------------------


@pytest.mark.django_db
def test_an_inactive_users_right_password_is_refused_and_recorded_without_the_name(api, maria):
    maria.is_active = False
    maria.save(update_fields=["is_active"])

    response = api.post(
        "/api/v1/auth/token/", {"username": "maria", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    event = AccessEvent.objects.get()
    assert (event.kind, event.object_type, event.actor) == (AccessKind.DENIED, "api_token", None)
    assert "maria" not in f"{event.reason} {event.actor_label} {event.fields}"
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_a_token_notes_its_use_at_most_once_a_minute(api, maria, frozen_clock):
    from hotelcompliance.api_tokens import issue_token

    token, key = issue_token(maria)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    api.get("/api/v1/properties/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    frozen_clock.shift(30)
    api.get("/api/v1/properties/")
    unchanged = ApiToken.objects.get(pk=token.pk).last_used_at
    frozen_clock.shift(31)
    api.get("/api/v1/properties/")

    assert first is not None and unchanged == first
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first
