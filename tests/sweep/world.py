"""The world the sweep attacks: who is who, who may see what, and the objects' markers.

Two consortia. South London (A) as loaded from the repository, with Croydon (the lead) and
Bromley; a second one (B) loaded from a definition here, Barnet leading Camden, with both
strands. Three providers: Bright Futures and Other Schools work with A, Northern Care with B.
Every kind of object exists for A (the rows the object routes are filled with), and enough of
B's and Bromley's that every list has foreign rows to leak. tests/sweep/build.py makes them.

Every object carries markers (its public id, and a made-up name or reference where it has one)
and says who may see it, by the names in USERS. An answer to anyone shows no marker they may
not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from boroughs.choices import Role

CROYDON, BROMLEY, BARNET, CAMDEN = "E09000008", "E09000006", "E09000003", "E09000007"

CONSORTIUM_B = {
    "name": "North London Sweep Programme",
    "short_name": "NLSP",
    "slug": "north-london-sweep",
    "lead": BARNET,
    "strands": [
        {
            "kind": kind,
            "slug": kind,
            "name": f"SWP-B-STRAND {kind}",
            "description": "The second consortium's strand.",
            "members": {BARNET: "Test data", CAMDEN: "Test data"},
        }
        for kind in ("send", "care")
    ],
}

# Who is who. Council staff: (borough, role); provider users: (provider, None).
USERS = {
    "alice": (CROYDON, Role.COMMISSIONER),
    "bob": (CROYDON, Role.COMMISSIONER),
    "dora": (CROYDON, Role.COMMISSIONER),  # the Croydon user the user routes are filled with
    "ann": (CROYDON, Role.BOROUGH_ANALYST),
    "abe": (CROYDON, Role.BOROUGH_ANALYST),
    "a_admin": (CROYDON, Role.CONSORTIUM_ADMIN),
    "a_admin2": (CROYDON, Role.CONSORTIUM_ADMIN),
    "charlie": (BROMLEY, Role.COMMISSIONER),
    "bert": (BROMLEY, Role.BOROUGH_ANALYST),
    "roleless": (CROYDON, None),  # a leaver: every role removed
    "b_admin": (BARNET, Role.CONSORTIUM_ADMIN),
    "b_commissioner": (BARNET, Role.COMMISSIONER),
    "b_analyst": (BARNET, Role.LEAD_ANALYST),
    "pat": ("bright", None),
    "pam": ("bright", None),
    "olly": ("other", None),
    "nora": ("north", None),
}

# Who sees what: the rules the portal must obey, as sets of the names above.
CROYDON_STAFF = frozenset({"alice", "bob", "dora", "ann", "abe", "a_admin", "a_admin2"})
A_WIDE = frozenset({"a_admin", "a_admin2"})  # consortium-wide roles see every member borough
BROMLEY_STAFF = frozenset({"charlie", "bert"}) | A_WIDE
A_STAFF = CROYDON_STAFF | BROMLEY_STAFF
A_EVIDENCE_READERS = frozenset({"alice", "bob", "dora", "charlie", "a_admin", "a_admin2"})
B_STAFF = frozenset({"b_admin", "b_commissioner", "b_analyst"})
B_EVIDENCE_READERS = frozenset({"b_admin", "b_commissioner"})
BRIGHT, OTHER, NORTH = frozenset({"pat", "pam"}), frozenset({"olly"}), frozenset({"nora"})
PROVIDERS = BRIGHT | OTHER | NORTH
COUNCIL = A_STAFF | B_STAFF  # the market's providers and settings are open to all council staff


@dataclass(frozen=True)
class Marker:
    """Text that shows an object; only `seen_by` may find it in a response."""

    text: str
    what: str
    seen_by: frozenset[str]


@dataclass
class World:
    users: dict = field(default_factory=dict)  # actor name -> User
    objects: dict = field(default_factory=dict)  # kind -> consortium A's object of that kind
    keywords: dict = field(default_factory=dict)  # URL keyword -> value, for routes' other ids
    bodies: dict = field(default_factory=dict)  # route -> what is sent (an empty body otherwise)
    creates: dict = field(default_factory=dict)  # route -> a body making a row on A's object
    markers: list[Marker] = field(default_factory=list)

    def mark(self, what: str, seen_by: frozenset[str], row=None, *texts: str) -> None:
        for text in ([str(row.public_id)] if row is not None else []) + list(texts):
            self.markers.append(Marker(text, what, seen_by))

    def texts(self, what: str) -> list[str]:
        return [marker.text for marker in self.markers if marker.what == what]

    def hidden_from(self, actor: str | None) -> list[Marker]:
        return [marker for marker in self.markers if actor not in marker.seen_by]

    def may_see(self, actor: str | None, kind: str) -> bool:
        """Whether the object of this kind that routes are filled with is `actor`'s to see."""
        key = str(getattr(self.objects.get(kind), "public_id", ""))
        return any(m.text == key and actor in m.seen_by for m in self.markers)

    def key_of(self, kind: str):
        """What a URL names an object of this kind by."""
        if kind == "token":
            return "not-a-token-anyone-was-sent"  # a guessed link: no such invitation
        row = self.objects[kind]
        if kind == "borough":
            return row.ons_code
        if kind == "strand":
            return row.slug
        return row.public_id
