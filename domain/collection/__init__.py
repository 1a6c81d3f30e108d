"""Collection: the arrears, the reminder ladder, the holds."""
