"""Pages of the DPS, by audience: providers (provider.py), reviewers (review.py), and the
directory and dashboard commissioners use (directory.py). Each module owns its URL patterns."""
