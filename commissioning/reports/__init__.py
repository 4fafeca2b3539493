"""Programme-wide report runs: savings summaries, benchmarking reports and extracts."""
