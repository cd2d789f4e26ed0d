import sys

from planlib.app.cli import main

sys.exit(main())
