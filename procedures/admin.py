"""Admin of the procedures app."""
