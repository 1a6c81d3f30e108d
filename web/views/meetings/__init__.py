"""web/views/meetings: see the modules."""
