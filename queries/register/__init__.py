"""queries/register: see the modules."""
