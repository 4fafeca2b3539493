"""Reads for the boroughs app: scoped first, with the joins a page needs. The consortium and its
people are in `consortium`, the peer network's threads in `threads`; callers import from here."""

from .consortium import (
    borough_list,
    consortium_boroughs,
    consortium_strands,
    invitation_list,
    service_consortium,
    strand_list,
    user_list,
)
from .threads import peer_sections_for, register_peer_section, reply_list, thread_list

__all__ = [
    "borough_list",
    "consortium_boroughs",
    "consortium_strands",
    "invitation_list",
    "peer_sections_for",
    "register_peer_section",
    "reply_list",
    "service_consortium",
    "strand_list",
    "thread_list",
    "user_list",
]
