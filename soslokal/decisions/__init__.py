"""Impact assessments of political cases and the decision log (issue 6)."""
