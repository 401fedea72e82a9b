from rest_framework import serializers

from hotelcompliance.scoping import roles_at
from hotelcompliance.tenancy import Property
from hotelcompliance.validators import no_control_characters, single_line


class PropertySerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    address = serializers.CharField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Property
        fields = [
            "id",
            "name",
            "organisation",
            "address",
            "timezone",
            "jurisdiction",
            "licence_number",
            "registration_number",
            "roles",
        ]

    def get_roles(self, prop: Property) -> list[str]:
        return sorted(roles_at(self.context["request"].user, prop))


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, validators=[single_line])
    password = serializers.CharField(
        validators=[no_control_characters],
        max_length=4096,
        trim_whitespace=False,
        style={"input_type": "password"},
    )
