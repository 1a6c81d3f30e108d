"""domain/charges: see the modules."""
