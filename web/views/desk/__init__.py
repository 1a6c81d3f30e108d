"""web/views/desk: see the modules."""
