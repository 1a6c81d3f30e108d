"""domain/desk: the syndic's and the accountant's page of what needs doing, fed by every area (see item.py)."""
