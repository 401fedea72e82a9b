"""The REST API's shared parts: errors, pagination, throttles, the property-scoped base view."""
