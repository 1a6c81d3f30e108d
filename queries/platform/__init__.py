"""queries/platform: see the modules."""
