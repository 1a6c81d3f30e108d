"""web/api/register: see the modules."""
