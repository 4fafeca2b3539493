"""`{% load money %}` then `{{ value|pounds }}`: £1,234.56, the one way money is shown."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234.56; a minus sign before the pound sign; an empty string for no value."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "\u2212" if amount < 0 else ""  # a true minus sign, read as "minus"
    return f"{sign}£{abs(amount):,.2f}"


@register.filter
def km(value) -> str:
    """2.3 km; 'not known' where a place could not be located."""
    if value is None:
        return "not known"
    return f"{Decimal(str(value)).quantize(Decimal('0.1'))} km"


@register.filter
def isodate(value) -> str:
    """A date stored as text (2027-01-05) as pages write dates: 5 January 2027."""
    from datetime import date

    if not value:
        return ""
    day = date.fromisoformat(str(value))
    return f"{day.day} {day:%B %Y}"
