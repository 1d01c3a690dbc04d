"""`python -m composer` runs the same entry point as the `lineage-composer` script."""

import sys

from composer.cli import main

if __name__ == "__main__":  # not when a validation child process imports the parent's main module
    sys.exit(main())
