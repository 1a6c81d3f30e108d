"""queries/meetings: see the modules."""
