"""Forms for the DPS's pages, in GOV.UK style, one module per part of the service (as its views):
provider (the organisation and its settings), applications, review (council staff's checks,
decisions and the directory's filters), manage (a consortium's DPSs and lots) and notes. They
check what a user typed; the services (providers.services) decide what may be saved.

`fields` holds the GOV.UK fields and widgets that know nothing of the DPS, which other apps'
forms use too.
"""
