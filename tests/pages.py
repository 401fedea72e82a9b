"""A test client that posts forms the way a browser posts the page it was shown.

A rendered property-scoped form carries `{% form_property %}`, the signed property the page
was drawn for. `PageClient.post` adds the same field (`form_property_data`) for the current
property, unless the test gives its own, so tests that are not about the check read as
before. Tests of the check itself pass the field (or leave it out) with `raw_post`.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.test import Client

from hotelcompliance.form_property import FIELD_NAME, form_property_data
from hotelcompliance.web import current_property


class PageClient(Client):
    def post(self, path, data=None, content_type=None, *args, **kwargs):
        if content_type is None and not str(path).startswith("/api/"):
            data = dict(data or {})
            if FIELD_NAME not in data:
                prop = self.current_property()
                if prop is not None:
                    data.update(form_property_data(prop))
        if content_type is None:
            return super().post(path, data, *args, **kwargs)
        return super().post(path, data, content_type, *args, **kwargs)

    def raw_post(self, path, data=None, **kwargs):
        """A POST exactly as given: no form property added."""
        return super().post(path, data, **kwargs)

    def current_property(self):
        """The property the site would render a page for now (the session's, or the first)."""
        user_id = self.session.get("_auth_user_id")
        if user_id is None:
            return None
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return None
        return current_property(SimpleNamespace(user=user, session=self.session))
