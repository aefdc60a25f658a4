"""The command line: option parsing and output formatting only (click, with its messages in Dutch),
and the entry point that answers `--help` and `--version` without importing click.
"""
