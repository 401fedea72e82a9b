"""factory_boy factories for the shared core; each app's tests add their own beside them."""

import factory
from django.contrib.auth import get_user_model

from hotelcompliance.roles import Role
from hotelcompliance.tenancy import Membership, Organisation, Property

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Hotel Group {n}")


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Hotel {n}")
    street = "1 Main Street"
    city = "Hartford"
    region = "CT"
    postal_code = "06103"
    timezone = "America/New_York"
    jurisdiction = "US-CT"
    rooms = 40


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    property = factory.SubFactory(PropertyFactory)
    organisation = None
    role = Role.FRONT_DESK
