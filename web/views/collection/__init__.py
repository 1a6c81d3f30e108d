"""Collection pages."""
