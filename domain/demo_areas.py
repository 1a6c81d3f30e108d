"""Imports each area's demo seeder so that it registers itself in domain.demo.SEEDERS (one line per area)."""
