"""web/views/charges: see the modules."""
