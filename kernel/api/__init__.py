"""The API's base pieces every app's `api/` builds on: scoped viewsets and lookups by public id,
strict fields, filters and pages, the JSON parser, domain errors as responses and the error
answers documented once."""
