"""Data in and out: the import wizard and the export dialog."""

from dealercrm.ui.data.export_dialog import ExportDialog
from dealercrm.ui.data.import_wizard import ImportWizard

__all__ = ["ExportDialog", "ImportWizard"]
