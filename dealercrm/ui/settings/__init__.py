"""Settings area: my account, the dealership settings, the users."""
