"""The pipeline area: opportunities by stage, with totals per stage."""
