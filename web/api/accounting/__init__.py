"""web/api/accounting: see the modules."""
