"""`python -m service.eval PATH [--errors] [--json]`: the same as `timeline eval`."""

import sys

from service.eval.run import main

sys.exit(main())
