"""Collection: owners ' overdue items, reminders, holds."""
