"""EmployeeForm.employee_data(): the cleaned form as the employee service's typed data."""

from datetime import date

from training.forms import EmployeeForm

FILLED = {
    "name": "Ana Costa",
    "employee_number": "E-1001",
    "email": "",
    "job_role": "front_desk",
    "hire_date": "2026-03-02",
}


def test_the_data_holds_every_field_given_and_leaves_out_a_missing_end_date():
    form = EmployeeForm(FILLED)
    assert form.is_valid(), form.errors

    assert form.employee_data() == {
        "name": "Ana Costa",
        "employee_number": "E-1001",
        "email": "",
        "phone": "",
        "job_role": "front_desk",
        "customer_facing": False,
        "hire_date": date(2026, 3, 2),
    }


def test_an_end_date_given_is_in_the_data():
    form = EmployeeForm({**FILLED, "customer_facing": "on", "end_date": "2026-09-30"})
    assert form.is_valid(), form.errors

    data = form.employee_data()

    assert data["end_date"] == date(2026, 9, 30)
    assert data["customer_facing"] is True
