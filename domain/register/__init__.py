"""domain/register: see the modules."""
