"""web/api/meetings: see the modules."""
