"""The stakeholder directory: organisations, their vetting and their engagement."""
