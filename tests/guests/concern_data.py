"""Concern-report data for the guests tests."""

from guests.concerns import concern_report_create

NARRATIVE = "Room 12: a girl who looked about 14 said she was 19; a man answered for her."


def concern_data(**overrides) -> dict:
    data = {
        "indicators": ["control.someone_speaks_for_them", "condition.minor_acting_adult"],
        "narrative": NARRATIVE,
        "action_taken": ["manager_told"],
        "hotline_reference": "",
    }
    data.update(overrides)
    return data


def make_concern(prop, actor, **overrides):
    return concern_report_create(prop=prop, actor=actor, data=concern_data(**overrides))
