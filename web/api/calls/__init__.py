"""/api/v1: funds, budgets, calls for funds, owners' dues."""
