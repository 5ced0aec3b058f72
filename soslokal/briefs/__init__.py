"""Plain-language political briefs with every figure sourced (issue 6)."""
