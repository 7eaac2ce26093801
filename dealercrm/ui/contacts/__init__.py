"""The contacts area: the paged list, its filters, and the selected contact\x27s file."""
