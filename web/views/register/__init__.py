"""web/views/register: see the modules."""
