"""Campaigns area: campaigns and their targets."""
