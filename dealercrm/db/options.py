"""Execution options that services set and dialect modules interpret."""

# Set by the unit of work on transactions that will write (SQLite takes the write lock at BEGIN).
WRITE_INTENT = "dealercrm_write"
