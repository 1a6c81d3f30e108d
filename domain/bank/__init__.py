"""The bank: statements imported and matched."""
