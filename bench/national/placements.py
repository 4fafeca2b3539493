"""Children, their requests with invitations and offers, and placements with their fee history
(World's later tables, drawn from the market)."""

from __future__ import annotations

import itertools
from array import array
from datetime import date, timedelta
from decimal import Decimal

from bench.national.shape import (
    ANSWERS,
    DPS_START,
    END_REASONS,
    LOT_MIX,
    LOT_SHAPE,
    NEEDS,
    OUTCODES_PER_LA,
    REQUEST_STATUSES,
    haversine,
    km,
    pounds,
)
from placements.models import (
    Child,
    FeeChange,
    Offer,
    Placement,
    PlacementRequest,
    RequestInvitation,
)


class PlacementsMixin:
    """Generates children, requests and placements for World (bench/national_scale.py)."""

    def children(self) -> None:
        """Children in proportion to each authority's weight, with the national need mix."""
        rng, n, first = self.rng, self.n["children"], self.load.next_id(Child)
        total = sum(la["weight"] for la in self.las)
        counts = [round(n * la["weight"] / total) for la in self.las]
        # What requests and placements need to know about each child, compactly.
        self.child_first, self.child_la, self.child_dob = first, array("H"), array("I")
        self.child_outcode, self.child_looked_after = array("I"), bytearray()
        ages = {age: 1 for age in range(2, 26)} | {age: 8 for age in range(5, 16)}
        ages |= {age: 4 for age in range(16, 20)}

        def rows():
            pk = first
            for la, count in enumerate(counts):
                for number in range(1, count + 1):
                    dob = self.today - timedelta(days=365 * self.pick(ages) + rng.randint(0, 364))
                    outcode = la * OUTCODES_PER_LA + rng.randrange(OUTCODES_PER_LA)
                    looked_after = rng.random() < 0.06
                    issued = self.day_between(dob + timedelta(days=3 * 365), self.today)
                    reviewed = self.day_between(
                        max(issued, self.today - timedelta(365)), self.today
                    )
                    self.child_la.append(la)
                    self.child_dob.append(dob.toordinal())
                    self.child_outcode.append(outcode)
                    self.child_looked_after.append(looked_after)
                    yield {
                        "id": pk,
                        "borough_id": self.las[la]["borough"].pk,
                        "reference": f"EHC-{number:06d}",
                        "date_of_birth": dob,
                        "sex": rng.choice("MMMMMMMFFF"),  # about 73% of EHC plans are boys'
                        "home_postcode": self.postcode(outcode),
                        "primary_need": self.pick(NEEDS),
                        "ehcp_issued_on": issued,
                        "ehcp_last_review_on": reviewed,
                        "ehcp_next_review_on": reviewed + timedelta(days=365),
                        "looked_after": looked_after,
                        "legal_status": "C2" if looked_after else "",
                    }
                    pk += 1

        self.n_children = self.load.write(Child, rows(), sum(counts))

    def postcode(self, outcode: int) -> str:
        letters, rng = "ABDEFGHJLNPQRSTUWXYZ", self.rng
        inward = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        return f"{self.outcode_points[outcode][0]} {inward}"

    # --- requests, invitations, offers, placements and fees -----------------------------------
    def lot_for(self, child: int) -> str:
        """The lot a child's placement is bought on, by age and whether they are looked after."""
        age = (self.today.toordinal() - self.child_dob[child]) // 365
        group = "care" if self.child_looked_after[child] and self.rng.random() < 0.5 else "send"
        weights = LOT_MIX[group, age >= 16]
        if all(self.offering.get(kind) for kind in weights):
            return self.pick(weights)
        kinds = [kind for kind in weights if self.offering.get(kind)] or list(self.offering)
        return self.rng.choice(kinds)  # tiny scales: not every lot has a setting

    def settings_for(self, kind: str, la: int, k: int) -> list[tuple]:
        """Up to `k` different enrolments on the lot, mostly from the child's own authority."""
        by_la, chosen = self.offering[kind], {}
        near = by_la.get(la, [])
        for option in self.rng.sample(near, min(len(near), k)):
            if self.rng.random() < 0.7:
                chosen[option[0]] = option
        areas = list(by_la)
        for _ in range(4 * k):
            if len(chosen) >= k:
                break
            option = self.rng.choice(by_la[self.rng.choice(areas)])
            chosen.setdefault(option[0], option)
        return list(chosen.values())

    def distance(self, child: int, option: tuple) -> Decimal:
        _code, lat, lon = self.outcode_points[self.child_outcode[child]]
        return km(haversine(lat, lon, option[3], option[4]))

    def requests(self) -> None:
        """Requests in every state; the call-offs of all but drafts, and their offers."""
        rng, n, first = self.rng, self.n["requests"], self.load.next_id(PlacementRequest)
        invitation_id, offer_id = self.load.next_id(RequestInvitation), self.load.next_id(Offer)
        requests, invitations, offers, self.awarded = [], [], [], []
        for pk in range(first, first + n):
            child = rng.randrange(self.n_children)
            la, kind, status = (
                self.child_la[child],
                self.lot_for(child),
                self.pick(REQUEST_STATUSES),
            )
            lot, (provision, weeks, _parts) = self.lots[kind], LOT_SHAPE[kind]
            recent = status in ("draft", "open", "evaluating")
            oldest = self.today - timedelta(days=60) if recent else DPS_START
            created = self.day_between(oldest, self.today - timedelta(days=0 if recent else 90))
            starts = created + timedelta(days=rng.randint(30, 120))
            user = self.commissioner[self.las[la]["borough"].pk]
            requests.append(
                {
                    "id": pk,
                    "borough_id": self.las[la]["borough"].pk,
                    "child_id": self.child_first + child,
                    "strand_id": lot.dps.strand_id,
                    "lot_id": lot.pk,
                    "status": status,
                    "required_start_on": starts,
                    "provision": provision,
                    "weeks_per_year": weeks,
                    "needs_summary": "Needs a small, structured setting.",
                    "response_deadline": created + timedelta(days=14),
                    "mainstream_considered": True,
                    "in_borough_considered": True,
                    "not_met_reasons": ["needs_exceed_mainstream"],
                    "created_by_id": user,
                    "created_at": self.at(created),
                    "opened_at": None if status == "draft" else self.at(created),
                    "decided_at": None if recent else self.at(created + timedelta(days=21)),
                }
            )
            if status == "draft":
                continue
            options = self.settings_for(kind, la, rng.randint(3, 6))
            winner = rng.randrange(len(options)) if status == "awarded" else -1
            for index, option in enumerate(options):
                answer = "awarded" if index == winner else self.answer(status)
                invitations.append(
                    {"id": invitation_id, "request_id": pk, "setting_id": option[0]}
                    | {"provider_id": option[1], "status": answer, "ceiling_weekly": option[2]}
                    | {"distance_km": self.distance(child, option), "invited_by_id": user}
                    | {"invited_at": self.at(created)}
                    | {"decline_reason": "no_capacity" if answer == "declined" else ""}
                )
                if answer in ("offered", "awarded", "unsuccessful", "withdrawn"):
                    fee = pounds(float(option[2]) * rng.uniform(0.85, 1.0))
                    offers.append(
                        {"id": offer_id, "invitation_id": invitation_id, "education": fee}
                        | {"weeks_per_year": weeks, "proposed_start_on": starts}
                        | {"submitted_by_id": self.provider_user[option[1]]}
                        | {"submitted_at": self.at(created + timedelta(days=7))}
                    )
                    if answer == "awarded":
                        self.awarded.append((child, pk, offer_id, option, kind, fee, starts))
                    offer_id += 1
                invitation_id += 1
        self.load.write(PlacementRequest, iter(requests), len(requests))
        self.load.write(RequestInvitation, iter(invitations), len(invitations))
        self.load.write(Offer, iter(offers), len(offers))

    def answer(self, request_status: str) -> str:
        return self.pick(ANSWERS[request_status])

    def placements(self) -> None:
        """The awarded requests' placements, then older ones bought before the portal."""
        rng, n, first = self.rng, self.n["placements"], self.load.next_id(Placement)
        fees = (array("Q"), array("I"), array("Q"))  # placement, effective date, pence

        def bought_before():
            for _ in range(max(0, n - len(self.awarded))):
                child = rng.randrange(self.n_children)
                kind = self.lot_for(child)
                option = self.settings_for(kind, self.child_la[child], 1)[0]
                agreed = pounds(float(option[2]) * rng.uniform(0.85, 1.0))
                starts = self.day_between(DPS_START, self.today)
                yield child, None, None, option, kind, agreed, starts

        def rows():
            everything = itertools.chain(self.awarded, bought_before())
            for pk, placement in enumerate(everything, start=first):
                yield self.placement(pk, *placement, fees)

        self.load.write(Placement, rows(), max(n, len(self.awarded)))
        user = next(iter(self.commissioner.values()))
        rows = (
            {"placement_id": placement, "effective_from": date.fromordinal(day)}
            | {"weekly_fee": Decimal(pence) / 100, "recorded_by_id": user}
            for placement, day, pence in zip(*fees, strict=True)
        )
        self.load.write(FeeChange, rows, len(fees[0]))

    def placement(self, pk, child, request, offer, option, kind, agreed, starts, fees) -> dict:
        rng, la = self.rng, self.child_la[child]
        setting, provider, ceiling, *_ = option
        provision, weeks, _parts = LOT_SHAPE[kind]
        ended = starts < self.today - timedelta(days=365) and rng.random() < 0.3
        ends = self.day_between(starts + timedelta(days=60), self.today) if ended else None
        # The agreed fee from the start, then an uplift at about half the anniversaries.
        weekly, until = float(agreed), min(self.today, ends or self.today)
        for year in range((until - starts).days // 365 + 1):
            if year == 0 or rng.random() < 0.5:
                weekly *= 1 if year == 0 else rng.uniform(1.02, 1.05)
                fees[0].append(pk)
                fees[1].append((starts + timedelta(days=365 * year)).toordinal())
                fees[2].append(round(weekly * 100))
        borough = self.las[la]["borough"].pk
        review = starts + timedelta(days=365 * max(1, (self.today - starts).days // 365 + 1))
        return {
            "id": pk,
            "borough_id": borough,
            "child_id": self.child_first + child,
            "request_id": request,
            "offer_id": offer,
            "setting_id": setting,
            "provider_id": provider,
            "lot_id": self.lots[kind].pk,
            "status": "ended" if ended else "active",
            "provision": provision,
            "weeks_per_year": weeks,
            "starts_on": starts,
            "ends_on": ends,
            "end_reason": rng.choice(END_REASONS) if ended else "",
            "agreed_weekly": agreed,
            "ceiling_weekly": ceiling,
            "spot_weekly": pounds(float(ceiling) * rng.uniform(1.0, 1.25))
            if rng.random() < 0.3
            else None,
            "distance_km": self.distance(child, option),
            "next_review_on": None if ended else review,
            "created_by_id": self.commissioner[borough],
            "created_at": self.at(starts),
        }
