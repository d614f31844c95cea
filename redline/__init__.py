"""Write review results back: Word tracked changes and comments, an annotated PDF, a
compliance matrix and a report. Pure: bytes and typed findings in, bytes out."""
