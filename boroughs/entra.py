"""Single sign-on with Microsoft Entra ID for council staff (ADR 8).

allauth's Microsoft provider runs the OAuth flow against the `organizations` endpoint and reads
the account from Microsoft Graph. This adapter decides who gets in:

- only an existing, active portal user whose borough has recorded its council's Entra tenant,
  signing in from that tenant: the tenant is read from Graph with the user's own token, never
  taken from the account's email, so another organisation's tenant cannot claim a council
  address (the "nOAuth" mistake);
- the first sign-in links the Microsoft account to the user whose email matches its mail or
  user principal name; later sign-ins find the link, and the tenant is checked every time;
- nobody is signed up by Microsoft: accounts come from invitations, as before;
- the portal's own MFA still follows, as for a password (allauth's login stages).
"""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from .models import User

PROVIDER = "microsoft"
MSG_UNKNOWN = "No portal account for council staff matches this Microsoft account."
MSG_TENANT = "This Microsoft account does not belong to your council's Microsoft 365 tenant."
MSG_GRAPH = "Microsoft did not tell us which organisation this account belongs to. Try again."
MSG_CONNECT = "Sign out, then sign in with Microsoft: the portal links your account itself."


class EntraAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        """The configured app; without one (no ENTRA_CLIENT_ID) Microsoft's pages are a 404."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as missing:
            raise Http404("Sign-in with Microsoft is not set up") from missing

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.account.provider != PROVIDER:
            return
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            # Linking happens at sign-in, by tenant and address; never to whoever is signed in.
            refuse(request, MSG_CONNECT)
        tenant = self.tenant_of(request, sociallogin)
        if sociallogin.is_existing:
            user = sociallogin.user
            if not (user.is_active and admitted(user, tenant)):
                refuse(request, MSG_TENANT if user.is_active else MSG_UNKNOWN)
            return
        data = sociallogin.account.extra_data
        emails = {(data.get(key) or "").strip() for key in ("mail", "userPrincipalName")} - {""}
        matching = Q()
        for email in emails:
            matching |= Q(email__iexact=email)
        user = (
            User.objects.filter(matching, is_active=True, borough__isnull=False)
            .select_related("borough")
            .first()
            if emails
            else None
        )
        if user is None:
            refuse(request, MSG_UNKNOWN)
        if not admitted(user, tenant):
            refuse(request, MSG_TENANT)
        sociallogin.connect(request, user)

    def tenant_of(self, request, sociallogin) -> str:
        """The Entra tenant the signed-in account belongs to, from Microsoft Graph."""
        app = self.get_app(request, provider=PROVIDER)
        graph = app.settings.get("graph_url", "https://graph.microsoft.com")
        with self.get_requests_session() as session:
            response = session.get(
                f"{graph}/v1.0/organization",
                params={"$select": "id"},
                headers={"Authorization": f"Bearer {sociallogin.token.token}"},
            )
        try:
            return str(response.json()["value"][0]["id"]).lower()
        except (ValueError, KeyError, IndexError, TypeError):
            refuse(request, MSG_GRAPH)


def admitted(user: User, tenant: str) -> bool:
    """Council staff of a borough whose recorded Entra tenant is the one signing in."""
    borough = user.borough
    recorded = borough and borough.entra_tenant_id
    return bool(recorded) and str(recorded).lower() == tenant


def refuse(request, reason: str):
    raise ImmediateHttpResponse(
        render(request, "boroughs/entra_refused.html", {"reason": reason}, status=403)
    )
