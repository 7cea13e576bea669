"""Rules over case files. Each rule returns problems; none raises on bad input."""
