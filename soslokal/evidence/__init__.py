"""The evidence library: references, screening, coding and the evidence map (issue 8)."""
