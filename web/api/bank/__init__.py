"""/api/v1 for the bank."""
