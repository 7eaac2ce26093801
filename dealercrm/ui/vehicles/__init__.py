"""Vehicles area: the stock and the customers' cars."""
