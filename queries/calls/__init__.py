"""Calls for funds: funds, budgets, calls, owners' shares and payment references."""
