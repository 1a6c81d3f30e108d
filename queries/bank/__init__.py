"""The bank's statements and movements."""
