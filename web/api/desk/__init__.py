"""web/api/desk: see the modules."""
