"""`python -m orgmap` runs the command-line interface."""

from .cli import main

main()
