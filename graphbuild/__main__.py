"""``python -m graphbuild`` runs the CLI."""

from graphbuild.cli import main

raise SystemExit(main())
