"""queries/charges: see the modules."""
