"""domain/notifications: in-app notices and their e-mails (see notices.py: `notify` is the one function other
areas call)."""
