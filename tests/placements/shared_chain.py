"""The placement chain built once for a module that opts in (tests/shared.py): the SEND DPS
alone, or everything `placement` needs from alice to the award, in the order the fixtures in
tests/placements/fixtures.py build it."""

from __future__ import annotations

import pytest
from django.test import TestCase, override_settings

from commissioning.celery import app as celery_app

from ..factories import alice_build, borough
from ..shared import SharedRows
from .fixtures import (
    CROYDON,
    bright_futures_build,
    child_build,
    draft_request_build,
    evaluating_request_build,
    far_setting_build,
    home_postcode_build,
    near_setting_build,
    offered_request_build,
    open_request_build,
    other_schools_build,
    placement_build,
    send_day_lot_of,
    send_dps_build,
)

FAST_PASSWORDS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _committed():
    """Run what services queue after commit (the emails), as the `emails` fixture does."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture(scope="module")
def shared_send_dps(module_db) -> SharedRows:
    """The SEND DPS with its lots and the real special schools, built once for the module."""
    built = SharedRows()
    with module_db.unblock():
        send_dps = built.keep("send_dps", send_dps_build(borough(CROYDON).consortium))
        built.keep("send_day_lot", send_day_lot_of(send_dps))
    return built


@pytest.fixture(scope="module")
def shared_award_chain(module_db) -> SharedRows:
    """Everything `placement` needs, from alice to the award, built once for the module in the
    order the fixtures build it, and the request as it is once awarded."""
    built = SharedRows()
    keep = built.keep
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # as in every test (tests/conftest.py)
    with module_db.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORDS):
        alice = keep("alice", alice_build(borough(CROYDON)), "totp_secret")
        keep("home_postcode", home_postcode_build())
        child = keep("child", child_build(alice))
        send_dps = keep("send_dps", send_dps_build(alice.borough.consortium))
        send_day_lot = keep("send_day_lot", send_day_lot_of(send_dps))
        draft = keep("draft_request", draft_request_build(alice, child, send_day_lot))
        bright_futures = bright_futures_build()
        keep("bright_futures_provider", bright_futures[0])
        keep("pat", bright_futures[1], "totp_secret")
        near_setting = keep("near_setting", near_setting_build(bright_futures, send_day_lot))
        other_schools = other_schools_build()
        keep("other_schools_provider", other_schools[0])
        keep("olly", other_schools[1], "totp_secret")
        far_setting = keep("far_setting", far_setting_build(other_schools, send_day_lot))
        built.pairs = {
            "bright_futures": ("bright_futures_provider", "pat"),
            "other_schools": ("other_schools_provider", "olly"),
        }
        open_request = open_request_build(alice, draft, near_setting, far_setting, _committed)
        near = keep("near_invitation", open_request.invitations.get(setting=near_setting))
        far = keep("far_invitation", open_request.invitations.get(setting=far_setting))
        offered = offered_request_build(
            open_request, near, far, bright_futures[1], other_schools[1], _committed
        )
        evaluating = evaluating_request_build(alice, offered)
        keep("placement", placement_build(alice, evaluating, near, far, _committed))
        for stage in ("open_request", "offered_request", "evaluating_request"):
            keep(stage, evaluating)
    celery_app.conf.task_always_eager = eager
    return built
