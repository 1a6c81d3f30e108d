"""/api/v1 for collection."""
