"""Admin of the news app."""
