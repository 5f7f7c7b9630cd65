"""One module per ``beraad`` subcommand (see ``beraad.cli``)."""
