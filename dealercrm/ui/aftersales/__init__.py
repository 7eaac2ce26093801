"""After-sales area: the claims queues."""
