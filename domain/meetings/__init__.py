"""domain/meetings: see the modules."""
