"""Boroughs' forms, in GOV.UK style (kernel.forms): staff invitations and evaluation weights
(`invitations`), the peer network's threads (`threads`) and allauth's sign-in, password and
one-time code forms in GOV.UK wording (`accounts`, registered through ACCOUNT_FORMS and
MFA_FORMS). They check what a user typed; boroughs.services decides what may be saved.
Callers import from the module that holds the form.
"""
