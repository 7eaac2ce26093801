"""The dashboard: key figures of a period compared with an earlier one, and the salesperson ranking."""
