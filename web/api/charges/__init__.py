"""web/api/charges: see the modules."""
