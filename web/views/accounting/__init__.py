"""web/views/accounting: see the modules."""
