"""Imports each area's demo seeder so that it registers itself in domain.demo.SEEDERS (one line per area)."""
import domain.register_demo  # noqa: F401  (register first: charges and assemblies need its lots)
import domain.meetings_demo  # noqa: E402,F401  (assemblies: keep after the register's seeder, it needs lots)
import domain.charges_demo  # noqa: F401,E402  (keep after the register's line: it needs the register's lots)
