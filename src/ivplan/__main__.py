"""`python -m ivplan` runs the command line."""

from .cli import main

main(prog_name="ivplan")
