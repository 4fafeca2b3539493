"""Data protection (UK GDPR) for children's records: subject access exports and retention.

The top layer beside the reports, so that it reads placements' and outcomes' rows directly: one
place (`inventory.py`) lists every row that holds something about a child, what the export shows
of it and what anonymisation removes from it (ADR 10).
"""
