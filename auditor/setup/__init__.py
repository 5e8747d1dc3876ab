"""Setting up a province: the channels spreadsheet (template and import) and `auditor doctor`.

This stage hands the presentation layer codes and parameters (Finding, SheetProblem); every
sentence a person reads is in auditor/present/words/setup.py.
"""
