"""Pages of the DPS, by audience: providers (provider.py for the organisation and its settings,
applications.py and application_sections.py for applying), reviewers (review.py), and the
directory and dashboard commissioners use (directory.py); evidence, documents, colleagues,
organisations, notes and a consortium's DPSs (manage.py) have their own. Each module owns its URL
patterns."""
