"""gunicorn's settings; gunicorn reads ./gunicorn.conf.py when started from the project folder
(the Dockerfile's /app). The request limits are the portal's, from settings.py (ADR 14), so the
server, the app and the proxy settings in the README give the same numbers."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")

from django.conf import settings  # after the settings module is named

limit_request_line = settings.REQUEST_LINE_MAX_BYTES
limit_request_fields = settings.REQUEST_HEADER_FIELDS_MAX
limit_request_field_size = settings.REQUEST_HEADER_FIELD_MAX_BYTES
