"""web/api/platform: see the modules."""
