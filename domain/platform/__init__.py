"""domain/platform: see the modules."""
