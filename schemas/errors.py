"""The codes a rejected input ends with: `candor: error: CODE: message`."""

from enum import Enum


class ErrorCode(str, Enum):
    encrypted = "encrypted"  # needs a password we do not have
    corrupt = "corrupt"  # not readable as the format its bytes claim
    unsupported = "unsupported"  # a format or feature Candor does not read
    needs_ocr = "needs_ocr"  # pages are images: no text layer
    too_large = "too_large"  # over a byte, page, size, time or memory limit
    not_found = "not_found"  # no such file or object
    invalid_profile = "invalid_profile"  # a capacity profile that is not valid YAML or breaks its schema
    invalid_output = "invalid_output"  # --out names something outputs cannot be written into (a file)
    conflict = "conflict"  # an output exists with different content: outputs are written once
    unavailable = "unavailable"  # storage or network kept failing after every retry: run again to finish
