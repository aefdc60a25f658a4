"""`python -m ivplan` runs the command line (entry.py answers --help and --version without click)."""

from ivplan.cli.entry import main

main(prog_name="ivplan")
