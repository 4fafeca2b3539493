"""The request and invitation state machines: every allowed move passes for its parties and
only them, every other pair is refused, and each move writes its event row."""

from itertools import product

import pytest

from kernel.errors import InvalidTransition, NotAllowed
from kernel.workflow import transition
from placements.choices import InvitationStatus, RequestStatus
from placements.models import InvitationEvent, PlacementRequest, RequestEvent, RequestInvitation
from placements.workflow import (
    COMMISSIONER,
    INVITATION_TRANSITIONS,
    PROVIDER,
    REQUEST_TRANSITIONS,
    SYSTEM,
    invitation_machine,
    request_machine,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

PARTIES = (COMMISSIONER, PROVIDER, SYSTEM)


def _walk(machine, table, model, event_model, obj, source, target):
    model.objects.filter(pk=obj.pk).update(status=source)
    obj.refresh_from_db()
    allowed = table.get((source, target), frozenset())
    if not allowed:
        with pytest.raises(InvalidTransition):
            transition(machine, obj, to=target, party=COMMISSIONER)
        return
    for party in set(PARTIES) - allowed:
        with pytest.raises(NotAllowed):
            transition(machine, obj, to=target, party=party)
    transition(machine, obj, to=target, party=sorted(allowed)[0], reason="walk")
    assert model.objects.get(pk=obj.pk).status == target
    event = event_model.objects.order_by("-pk").first()
    assert (event.from_status, event.to_status) == (source, target)


@pytest.mark.parametrize("source,target", list(product(RequestStatus.values, repeat=2)))
def test_every_request_move_outside_the_table_is_refused(source, target, draft_request):
    _walk(
        request_machine(),
        REQUEST_TRANSITIONS,
        PlacementRequest,
        RequestEvent,
        draft_request,
        source,
        target,
    )


@pytest.mark.parametrize("source,target", list(product(InvitationStatus.values, repeat=2)))
def test_every_invitation_move_outside_the_table_is_refused(source, target, near_invitation):
    _walk(
        invitation_machine(),
        INVITATION_TRANSITIONS,
        RequestInvitation,
        InvitationEvent,
        near_invitation,
        source,
        target,
    )
