"""Request size limits: a body over its limit is refused with 413 before it is read, JSON for the
API and a GOV.UK page otherwise; the server and proxy settings give the same numbers (ADR 14)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from commissioning.limits import CappedUploadHandler, RequestTooLarge

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
ROOT = Path(settings.BASE_DIR)


class UnreadBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _post_declared(client, url, *, megabytes: int, content_type: str):
    return client.generic(
        "POST",
        url,
        b"-",
        content_type=content_type,
        CONTENT_LENGTH=str(megabytes * MB),
        **{"wsgi.input": UnreadBody()},
    )


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_a_50mb_body_to_a_form_that_takes_no_file_is_refused_unread(client, content_type):
    response = _post_declared(
        client, reverse("account_login"), megabytes=50, content_type=content_type
    )
    assert response.status_code == 413
    assert "The file or form is too large" in response.text
    assert "govuk-heading-l" in response.text


def test_a_form_without_a_file_is_held_to_the_smaller_limit(client):
    response = _post_declared(
        client,
        reverse("account_login"),
        megabytes=3,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_the_api_answers_413_in_json(api_for, alice):
    api = api_for(alice)
    response = api.generic(
        "POST",
        "/api/v1/placements/requests/",
        b"-",
        content_type="application/json",
        CONTENT_LENGTH=str(50 * MB),
        **{"wsgi.input": UnreadBody()},
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("The request is larger than the service accepts")


def test_an_upload_streaming_past_the_limit_is_stopped_as_it_arrives(settings):
    settings.REQUEST_BODY_MAX_BYTES = 3 * MB
    handler = CappedUploadHandler()
    chunk = b"x" * MB
    for start in range(3):
        assert handler.receive_data_chunk(chunk, start * MB) == chunk
    with pytest.raises(RequestTooLarge):
        handler.receive_data_chunk(chunk, 3 * MB)


def test_a_body_found_too_large_while_it_is_read_answers_413_not_400(client, settings):
    """A Content-Length within the limit, but a field over DATA_UPLOAD_MAX_MEMORY_SIZE: Django
    finds it while parsing, and the 400 handler answers 413."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = (
        '--x\r\nContent-Disposition: form-data; name="login"\r\n\r\n' + "a" * 2000 + "\r\n--x--\r\n"
    )
    response = client.generic(
        "POST", reverse("account_login"), body, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413
    assert "The file or form is too large" in response.text


# --- The same numbers in the server and the proxy ---------------------------------------------


def test_gunicorn_takes_its_header_limits_from_the_settings():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["limit_request_line"] == settings.REQUEST_LINE_MAX_BYTES
    assert config["limit_request_fields"] == settings.REQUEST_HEADER_FIELDS_MAX
    assert config["limit_request_field_size"] == settings.REQUEST_HEADER_FIELD_MAX_BYTES
    assert "gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()  # the image has it


def test_the_proxy_settings_the_readme_gives_say_the_same_numbers():
    readme = (ROOT / "README.md").read_text()
    body = re.search(r"client_max_body_size (\d+)m;", readme)
    headers = re.search(r"large_client_header_buffers (\d+) (\d+)k;", readme)
    assert body and headers
    assert int(body.group(1)) * MB == settings.REQUEST_BODY_MAX_BYTES
    assert int(headers.group(1)) >= 1
    # 8k: gunicorn's largest header line (8190 bytes) with its line ending.
    assert int(headers.group(2)) * 1024 == settings.REQUEST_HEADER_FIELD_MAX_BYTES + 2
