"""The bundle's entry point: the same `composer.cli.main` the pip-installed scripts run."""

import multiprocessing
import sys

from composer.cli import main

if __name__ == "__main__":
    # The window validates large events in a child process ("spawn"): in a frozen bundle the child
    # is this executable again, and freeze_support() turns it into the child instead of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
