"""`intake ARGS` that reports its own peak RSS on its last line of standard error."""
from __future__ import annotations

import resource
import sys

from bot.cli import main

if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    finally:
        print(f"soak.peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr, flush=True)
    sys.exit(code)
