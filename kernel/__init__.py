"""The shared kernel: what every app builds on and no app owns.

Domain errors, the fail-closed tenancy base and the permission registry, the workflow engine,
the page and form-view mixins, GOV.UK form fields, pagination, the API's base pieces and the
registries through which higher apps add to lower apps' pages. It sits below `boroughs` in the
layers (import-linter) and imports no app: an app's own rules stay in the app.
"""
