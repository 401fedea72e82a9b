"""factory_boy factories for the training tracker."""

from datetime import date

import factory

from tests.factories import PropertyFactory
from training.models import Course, Employee, TrainingRecord


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    property = factory.SubFactory(PropertyFactory)
    name = factory.Faker("name")
    employee_number = factory.Sequence(lambda n: f"E-{n:05d}")
    job_role = "housekeeping"
    customer_facing = True
    hire_date = date(2024, 1, 15)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Trafficking awareness {n}")
    provider = "Example Provider"
    minutes = 30
    jurisdictions = factory.LazyFunction(list)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    employee = factory.SubFactory(EmployeeFactory)
    course = factory.SubFactory(CourseFactory)
    completed_on = factory.LazyAttribute(lambda record: record.employee.hire_date)
    minutes = 30
