"""Pages: a building's funds, budgets and calls for funds."""
