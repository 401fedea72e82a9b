"""Web routes of the guests app."""

urlpatterns: list = []
