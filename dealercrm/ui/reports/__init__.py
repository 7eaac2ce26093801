"""Reports: the monthly summary, read on screen and exported to CSV."""
