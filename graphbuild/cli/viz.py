"""``viz``: interactive and static drawings of the graph."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
