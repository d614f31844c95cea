"""One reader per format. Each is `read(data: bytes, limits: Limits) -> ReadResult`."""
