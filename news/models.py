"""Models of the news app."""
