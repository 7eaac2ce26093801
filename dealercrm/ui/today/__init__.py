"""The today area: the logged-in user's agenda, hot leads going cold and leases ending."""
