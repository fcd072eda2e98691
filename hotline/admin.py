"""Admin of the hotline app."""
