"""Postcodes and postcode districts: reference data for distances, owned by no borough."""

from django.db import models


class Postcode(models.Model):
    """A unit postcode (like "CR0 1NX") and where it is: reference data, owned by no borough.

    Source: OS Code-Point Open, August 2014, converted to WGS84 (boroughs/data/README.md), for
    the twelve South London boroughs only. Postcodes created since 2014 are missing, so
    `boroughs.geo.postcode_location` falls back to the centroid of the postcode's `Outcode`.
    `lad_code` is the ONS code of the local authority it is in (blank when not known).
    """

    postcode = models.CharField(max_length=8, unique=True)  # upper case, one space: "CR0 1NX"
    outcode = models.CharField(max_length=4, db_index=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    lad_code = models.CharField("ONS local authority code", max_length=9, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


class Outcode(models.Model):
    """A postcode district (the part before the space, like "CR0") and its centroid.

    Reference data, owned by no borough. Source: OS Code-Point Open, August 2014: the mean
    position of all the outcode's postcodes, for the 313 London outcodes. It is the fallback
    location for a postcode missing from `Postcode` (most often one created after 2014).
    `boroughs` lists the local authorities it covers as in the source file: ONS codes with
    their counts of postcodes, like "E09000006:1034;E09000023:261"; edge-of-London outcodes
    include districts outside London.
    """

    outcode = models.CharField(max_length=4, unique=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    boroughs = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["outcode"]

    def __str__(self) -> str:
        return self.outcode

    @property
    def ons_codes(self) -> list[str]:
        """The ONS codes of the local authorities it covers, most postcodes first."""
        codes = (part.partition(":")[0] for part in self.boroughs.split(";"))
        return [code for code in codes if code]
