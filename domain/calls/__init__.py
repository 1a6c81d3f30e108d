"""Budgets, calls for funds, the working and reserve funds."""
