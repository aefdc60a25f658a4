"""Errors of the docx writer (a module of its own so importing it loads nothing heavy)."""


class HuisstijlError(Exception):
    """The huisstijl file cannot be used (message in Dutch)."""
