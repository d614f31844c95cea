"""Typed errors. Each carries a code from `schemas.ErrorCode` and a message that says
what was wrong and, where there is one, what to do next."""

from schemas import ErrorCode


class CandorError(Exception):
    code: ErrorCode = ErrorCode.corrupt

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code.value}: {self.message}"


class Encrypted(CandorError):
    code = ErrorCode.encrypted


class Corrupt(CandorError):
    code = ErrorCode.corrupt


class Unsupported(CandorError):
    code = ErrorCode.unsupported


class NeedsOCR(CandorError):
    code = ErrorCode.needs_ocr


class TooLarge(CandorError):
    code = ErrorCode.too_large


class NotFound(CandorError):
    code = ErrorCode.not_found


class InvalidProfile(CandorError):
    code = ErrorCode.invalid_profile


class InvalidOutput(CandorError):
    code = ErrorCode.invalid_output


class Conflict(CandorError):
    code = ErrorCode.conflict


class Unavailable(CandorError):
    code = ErrorCode.unavailable


BY_CODE: dict[ErrorCode, type[CandorError]] = {
    cls.code: cls for cls in (Encrypted, Corrupt, Unsupported, NeedsOCR, TooLarge, NotFound, InvalidProfile, InvalidOutput, Conflict, Unavailable)
}


def from_code(code: str, message: str) -> CandorError:
    return BY_CODE[ErrorCode(code)](message)
