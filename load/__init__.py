"""Load tests: the benchmark (`make bench`), the load seed (`make seed-load`) and the locust scenario."""
