"""Widgets shared by several areas."""
