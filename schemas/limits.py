"""Limits on what a reader will take on. Values come from settings (CANDOR_*)."""

from pydantic import BaseModel, Field


class Limits(BaseModel):
    max_bytes: int = Field(200 * 1024 * 1024, description="largest input file")
    max_pages: int = Field(3000, description="most PDF pages")
    max_uncompressed_bytes: int = Field(
        300 * 1024 * 1024, description="largest total size of a DOCX's zip members, inflated"
    )
    max_compression_ratio: float = Field(200.0, description="largest inflate ratio of one zip member")
    max_zip_members: int = Field(2000, description="most members in a DOCX zip")
    max_text_chars: int = Field(4_000_000, description="most characters of text in one document, once read")
    timeout_s: float = Field(60.0, description="wall-clock limit for parsing one input")
    review_timeout_s: float = Field(300.0, description="wall-clock limit for extracting and checking one document")
    memory_mb: int = Field(1024, description="address-space limit of each parsing process")
    workers: int = Field(2, ge=1, description="processes that read a long PDF's pages in parallel")
