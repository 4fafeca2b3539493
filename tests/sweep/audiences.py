"""Who asks, and who uses which route: the actors of every check and the audiences that say
what each one must get."""

from __future__ import annotations

from dataclasses import dataclass

# --- Who asks -------------------------------------------------------------------------------------
# The actors of every check, by the part they play. Owner, colleague and another borough depend
# on the route's audience (a provider's route is owned by the provider's user); the rest are
# always the same people (world.USERS).
OWNER, COLLEAGUE, OTHER_BOROUGH = "owner", "colleague", "another borough"
OTHER_PROVIDER, B_ADMIN, B_COMMISSIONER, B_ANALYST = (
    "another provider",
    "consortium B admin",
    "consortium B lead commissioner",
    "consortium B lead analyst",
)
ROLELESS, ANONYMOUS = "role-less borough user", "anonymous"
FIXED = {
    OTHER_PROVIDER: "olly",
    B_ADMIN: "b_admin",
    B_COMMISSIONER: "b_commissioner",
    B_ANALYST: "b_analyst",
    ROLELESS: "roleless",
    ANONYMOUS: None,
}
SECOND_CONSORTIUM = frozenset({B_ADMIN, B_COMMISSIONER, B_ANALYST})


@dataclass(frozen=True)
class Audience:
    """Who uses a route. Its owner and colleague must get through, and so must the parts in
    `gets` and the people in `also` (of the other side, who use the same route). Parts in `may`
    may get through (the object is shared with them) but need not. Everyone else, and the people
    in `refused` (insiders without the role), must be refused: 403 or 404."""

    name: str
    owner: str
    colleague: str
    other_borough: str
    gets: frozenset[str] = frozenset()
    may: frozenset[str] = frozenset()
    also: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()
    public: bool = False  # answers without signing in
    refuse_all: bool = False  # nobody may get through (a link with a guessed token)

    def actors(self) -> dict[str, str | None]:
        """Part played -> user name (None: nobody signed in)."""
        cast = {OWNER: self.owner, COLLEAGUE: self.colleague, OTHER_BOROUGH: self.other_borough}
        cast.update(FIXED)
        cast.update({f"{ALSO}{name}": name for name in self.also})
        cast.update({f"{NOT}{name}": name for name in self.refused})
        return cast

    def expects(self, part: str) -> str:
        if self.refuse_all or part.startswith(NOT):
            return DENY
        if part in (OWNER, COLLEAGUE) or part in self.gets or part.startswith(ALSO):
            return PASS
        if part == ANONYMOUS:
            return MAY if self.public else SIGN_IN
        return MAY if self.public or part in self.may else DENY


PASS, MAY, DENY, SIGN_IN = "gets through", "may get through", "refused (403/404)", "sign in"
ALSO, NOT = "user of the route: ", "insider without the role: "

# The audiences. Croydon (the lead borough) owns the borough rows, Bright Futures the provider
# rows; Bromley is the other borough of the consortium. Alice and Bob are Croydon's
# commissioners, Ann and Abe its borough analysts, a_admin and a_admin2 its consortium admins;
# Charlie and Bert are Bromley's commissioner and analyst; Pat and Pam work for Bright Futures.
BOROUGH = Audience("borough", "alice", "bob", "charlie")
PLACEMENT_BOTH_SIDES = Audience(
    "borough and placed provider", "alice", "bob", "charlie", also=("pat",)
)
PROVIDER = Audience("provider", "pat", "pam", "charlie", refused=("alice",))
# A provider's invitation or question, which the borough that sent it reads too.
INVITATION_BOTH_SIDES = Audience(
    "provider and inviting borough", "pat", "pam", "charlie", also=("alice",)
)
# Provider rows that the council staff of the consortium it applied to read (README: Roles).
PROVIDER_AND_COUNCIL = Audience(
    "provider and its consortium's council staff",
    "pat",
    "pam",
    "charlie",
    gets=frozenset({OTHER_BOROUGH}),
    also=("alice",),
)
# The market's organisations and settings: the provider, and every council's staff (ADR 9).
MARKET = Audience(
    "provider, and every council's staff",
    "pat",
    "pam",
    "charlie",
    gets=frozenset({OTHER_BOROUGH}),
    may=SECOND_CONSORTIUM,
    also=("alice",),
)
COUNCIL_ON_MARKET = Audience(
    "every council's staff, on the market",
    "alice",
    "bob",
    "charlie",
    gets=frozenset({OTHER_BOROUGH}),
    may=SECOND_CONSORTIUM,
)
# A subject access export: the child's borough's commissioners only; its analysts and admins
# may read the record but not disclose it (403).
EXPORT = Audience(
    "child's borough's commissioners", "alice", "bob", "charlie", refused=("ann", "a_admin")
)
REVIEWER = Audience("lead-borough reviewer", "alice", "bob", "charlie", refused=("ann",))
ANALYST = Audience("analyst", "ann", "abe", "bert", refused=("alice",))
ADMIN = Audience("consortium admin", "a_admin", "a_admin2", "charlie", refused=("alice",))
# Shared by the consortium's council staff: the peer network, the directory.
COUNCIL = Audience(
    "consortium's council staff", "alice", "bob", "charlie", gets=frozenset({OTHER_BOROUGH})
)
# Shared with every provider of the market as well: the DPS, its lots, the outcomes framework.
MEMBERS = Audience(
    "consortium's members and providers",
    "alice",
    "bob",
    "charlie",
    gets=frozenset({OTHER_BOROUGH, OTHER_PROVIDER}),
)
# A strand's slug is the same in every consortium: another consortium's staff find their own.
STRAND = Audience(
    "consortium's staff, by slug",
    "alice",
    "bob",
    "charlie",
    gets=frozenset({OTHER_BOROUGH}),
    may=SECOND_CONSORTIUM,
)
# Pages with no tenant's rows of their own: anyone signed in (lists are still searched for leaks).
SIGNED_IN = Audience(
    "anyone signed in",
    "alice",
    "bob",
    "charlie",
    may=frozenset({OTHER_BOROUGH, OTHER_PROVIDER, ROLELESS}) | SECOND_CONSORTIUM,
)
PUBLIC = Audience("anyone", "alice", "bob", "charlie", public=True)
# An invitation link's token is its only credential: one nobody was sent finds nothing, for anyone.
GUESSED_LINK = Audience("nobody, with a guessed token", "alice", "bob", "charlie", refuse_all=True)
