"""The `candor` command: the app and its commands, and an entry point that never lets a
traceback reach the user."""

import os
import sys

from extractors.errors import CandorError
from flows import eval_cmd, extract_cmd, parse_cmd, review_cmd, serve_cmd, train_cmd  # noqa: F401  (they register commands)
from flows.app import app, fail


def main() -> None:
    """Entry point: no traceback ever reaches the user."""
    try:
        app()
    except CandorError as e:
        fail(e)
        sys.exit(1)
    except KeyboardInterrupt:
        print("candor: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:  # a bug of ours: say so in one line, keep the details for -v runs
        print(f"candor: error: internal: {type(e).__name__}: {e} (please report this)", file=sys.stderr)
        if os.environ.get("CANDOR_DEBUG"):
            raise
        sys.exit(70)


if __name__ == "__main__":
    main()
