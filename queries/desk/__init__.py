"""queries/desk: what the desk reads across the areas (see items.py, charts.py)."""
