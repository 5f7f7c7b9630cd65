"""``python -m beraad`` runs the same command line as ``beraad``."""

from beraad.cli import main

raise SystemExit(main())
