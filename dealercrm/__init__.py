"""dealercrm: a desktop CRM for a French car dealership."""

__version__ = "0.1.0"
