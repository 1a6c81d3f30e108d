"""web/views/platform: see the modules."""
