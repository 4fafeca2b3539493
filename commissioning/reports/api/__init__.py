"""The reports API: report runs, asked for, listed and downloaded (`views`, `serializers`),
mounted at /api/v1/reports/ by `urls`."""
