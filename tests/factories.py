"""Factories per model and per state. Users get their role and, for staff, an authenticator."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from boroughs.choices import Role
from boroughs.models import (
    Borough,
    Consortium,
    Invitation,
    RoleAssignment,
    Strand,
    StrandMembership,
    User,
    hash_invitation_token,
)

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with one role (`role=`); council staff get a TOTP authenticator (`with_mfa=`).

    The authenticator's secret is kept on the instance as `totp_secret` for tests to sign in.
    """

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")

    @classmethod
    def _create(cls, model_class, *args, role=Role.COMMISSIONER, with_mfa=True, **kwargs):
        user = model_class.objects.create_user(*args, password=TEST_PASSWORD, **kwargs)
        RoleAssignment.objects.create(user=user, role=role)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.totp_secret = None
        if with_mfa:
            user.totp_secret = generate_totp_secret()
            TOTP.activate(user, user.totp_secret)
        return user


def alice_build(croydon: Borough) -> User:
    """Alice, a Croydon commissioner: the `alice` fixture's user."""
    return UserFactory(email="alice@croydon.example.org", borough=croydon, role=Role.COMMISSIONER)


def borough(ons_code: str) -> Borough:
    return Borough.objects.get(ons_code=ons_code)


def consortium_unload() -> None:
    """Remove the South London consortium, inside the caller's transaction, for loaders that
    expect an empty database (the benchmark's generator)."""
    south_london = Consortium.objects.filter(slug="south-london")
    south_london.update(lead_borough=None)
    StrandMembership.objects.filter(strand__consortium__in=south_london).delete()
    Strand.objects.filter(consortium__in=south_london).delete()
    Borough.objects.filter(consortium__in=south_london).delete()
    south_london.delete()


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.COMMISSIONER
    token_hash = factory.Sequence(lambda n: hash_invitation_token(f"token-{n}"))


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    # A code read in a period's last seconds may be checked in the next one, where it is wrong:
    # wait for a fresh period, as a person would for the next code.
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
