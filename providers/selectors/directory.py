"""Reads for the provider directory: settings filtered by lot, need, type, Ofsted judgement and
vacancies, nearest first when there is an origin."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, FloatField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from boroughs.geo import Location, distance_km
from boroughs.models import Postcode, User

from ..choices import EnrolmentStatus
from ..models import Enrolment, Inspection, Lot, Setting
from .common import in_consortium, label_setting_types

# Kilometres in one degree of latitude on the sphere boroughs.geo uses.
KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360


@dataclass
class DirectoryFilters:
    lot: Lot | None = None
    need: str = ""
    setting_type: str = ""
    ofsted: str = ""
    has_vacancies: bool = False
    origin: Location | None = None
    within_km: int | None = None


def consortium_lots(*, actor: User) -> QuerySet[Lot]:
    return (
        Lot.objects.for_user(actor)
        .filter(in_consortium(actor, "dps__consortium"))
        .select_related("dps")
        .order_by("dps__name", "number")
    )


def _latest_inspection(column: str) -> Subquery:
    latest = Inspection.objects.filter(setting=OuterRef("pk")).order_by(
        F("inspected_on").desc(nulls_last=True), "-pk"
    )
    return Subquery(latest.values(column)[:1])


def _located(column: str) -> Coalesce:
    """The setting's own coordinate, else its postcode's (a care setting often has none)."""
    return Coalesce(
        column,
        Subquery(Postcode.objects.filter(postcode=OuterRef("postcode")).values(column)[:1]),
    )


def setting_directory(*, actor: User, filters: DirectoryFilters | None = None) -> QuerySet[Setting]:
    """Settings for council staff, filtered; nearest first when there is an origin.

    Each carries `latest_ofsted` and `latest_ofsted_on` (its latest inspection),
    `located_latitude` and `located_longitude`, and `consortium_enrolments` (its enrolments on
    lots of the actor's consortium, with their lots).
    """
    filters = filters or DirectoryFilters()
    enrolments = (
        Enrolment.objects.for_user(actor)
        .filter(in_consortium(actor, "lot__dps__consortium"))
        .select_related("lot")
        .order_by("lot__dps__name", "lot__number")
    )
    settings = (
        Setting.objects.for_user(actor)
        .select_related("provider")
        .annotate(
            latest_ofsted=_latest_inspection("overall"),
            latest_ofsted_on=_latest_inspection("inspected_on"),
            located_latitude=_located("latitude"),
            located_longitude=_located("longitude"),
        )
        .prefetch_related(
            Prefetch("enrolments", queryset=enrolments, to_attr="consortium_enrolments")
        )
    )
    if filters.lot is not None:
        settings = settings.filter(
            Exists(
                Enrolment.objects.filter(
                    setting=OuterRef("pk"), lot=filters.lot, status=EnrolmentStatus.ENROLLED
                )
            )
        )
    if filters.need:
        # `needs` is a JSON list of SEN2 codes. `needs__contains=[code]` is PostgreSQL's jsonb @>
        # and SQLite refuses it, so search the JSON text for the quoted code: both databases
        # store ["ASD", "SLCN"] with the quotes, and the quotes stop "SLD" matching "PMLD"'s tail.
        settings = settings.filter(needs__icontains=f'"{filters.need}"')
    if filters.setting_type:
        settings = settings.filter(establishment_type=filters.setting_type)
    if filters.ofsted:
        settings = settings.filter(latest_ofsted=filters.ofsted)
    if filters.has_vacancies:
        settings = settings.filter(vacancies__gt=0)
    if filters.origin is None:
        return settings.order_by("name", "pk")
    return _nearest_first(settings, filters.origin, filters.within_km)


def _nearest_first(
    settings: QuerySet[Setting], origin: Location, within_km: int | None
) -> QuerySet[Setting]:
    # The flat-earth distance, squared: plain arithmetic both databases do, and within 0.1% of
    # the great-circle distance across London. Pages show boroughs.geo.distance_km instead.
    lat0, lon0 = float(origin.latitude), float(origin.longitude)
    north = (Cast("located_latitude", FloatField()) - lat0) * KM_PER_DEGREE
    east = (
        (Cast("located_longitude", FloatField()) - lon0)
        * KM_PER_DEGREE
        * math.cos(math.radians(lat0))
    )
    settings = settings.annotate(distance_squared=Cast(north * north + east * east, FloatField()))
    if within_km is not None:
        settings = settings.filter(distance_squared__lte=within_km**2)
    return settings.order_by(F("distance_squared").asc(nulls_last=True), "name", "pk")


def with_distances(settings: Iterable[Setting], origin: Location | None) -> list[Setting]:
    """Give each setting `distance_km` from the origin (None when either place is unknown) and
    `type_label`."""
    settings = list(settings)
    label_setting_types(settings)
    for setting in settings:
        setting.distance_km = None
        if origin is not None and setting.located_latitude is not None:
            here = Location(setting.located_latitude, setting.located_longitude, "postcode")
            setting.distance_km = distance_km(origin, here)
    return settings
