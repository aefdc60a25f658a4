"""Errors of the docx writer (a module of its own so importing it loads nothing heavy)."""

from ivplan.core.errors import HuisstijlError

__all__ = ["HuisstijlError"]
