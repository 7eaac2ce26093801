"""The one-click actions of the customer view, one dialog a module: log a call (log_call), a visit or
test drive (log_visit), a quote (quote); plan a task or appointment (task); open an opportunity
(opportunity); record a consent (consent). Small forms, keyboard first, errors on the fields (base)."""
