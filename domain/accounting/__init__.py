"""domain/accounting: the books (see posting.py for the one posting API)."""
