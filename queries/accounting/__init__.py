"""queries/accounting: see the modules."""
