"""The bundle's entry point: the same `composer.cli.main` the pip-installed scripts run."""

import sys

from composer.cli import main

if __name__ == "__main__":
    sys.exit(main())
