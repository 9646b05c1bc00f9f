"""Entry point: `python build.py VERB …` (see README.md); all logic is in the briefing package."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
