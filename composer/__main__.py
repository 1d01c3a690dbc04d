"""`python -m composer` runs the same entry point as the `lineage-composer` script."""

import sys

from composer.cli import main

sys.exit(main())
