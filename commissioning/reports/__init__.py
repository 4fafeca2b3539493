"""Programme-wide report runs: the top layer, reading placements and outcomes (issue 6)."""
