"""Settings from the environment (CANDOR_*), documented and typed."""

import os

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas import Limits

_DEFAULT = Limits()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CANDOR_", extra="ignore")

    max_bytes: int = Field(_DEFAULT.max_bytes, description="largest input file, bytes")
    max_pages: int = Field(_DEFAULT.max_pages, description="most PDF pages")
    max_uncompressed_bytes: int = Field(_DEFAULT.max_uncompressed_bytes, description="largest inflated DOCX")
    max_compression_ratio: float = Field(_DEFAULT.max_compression_ratio, description="largest zip inflate ratio")
    max_zip_members: int = Field(_DEFAULT.max_zip_members, description="most DOCX zip members")
    max_text_chars: int = Field(_DEFAULT.max_text_chars, description="most characters of text in one document")
    parse_timeout_s: float = Field(_DEFAULT.timeout_s, description="wall-clock limit per input, seconds")
    parse_memory_mb: int = Field(_DEFAULT.memory_mb, description="address-space limit of each parsing process, MiB")
    review_timeout_s: float = Field(_DEFAULT.review_timeout_s, description="wall-clock limit for extracting and checking one document, seconds")
    parse_workers: int = Field(min(2, os.cpu_count() or 1), ge=1, description="processes reading a long PDF's pages")

    # S3 (issue 6): credentials come from the standard AWS chain, not from here.
    s3_endpoint_url: str | None = Field(None, description="S3 endpoint; unset means AWS")
    s3_region: str = Field("us-east-1", description="S3 region")
    s3_max_attempts: int = Field(8, ge=1, description="tries per S3 call (botocore standard retries, with backoff)")
    s3_timeout_s: float = Field(30, gt=0, description="connect and read timeout per S3 call, seconds")
    s3_fault_rate: float = Field(0.0, ge=0, lt=1, description="testing only: share of S3 calls failed on purpose")
    s3_fault_seed: int | None = Field(None, description="testing only: seed of the fault injection")

    # The inbox watcher (issue 18): a document is done when its outputs are, not when its event was sent.
    resubmit_after_s: float = Field(900, gt=0, description="the inbox watcher sends a document's event again when, this long "
                                    "after the last one, it has no outputs and no live run, seconds (longer than a review)")
    resubmit_tries: int = Field(3, ge=1, description="most events the inbox watcher sends for one object before giving up on it")

    def limits(self) -> Limits:
        return Limits(
            max_bytes=self.max_bytes,
            max_pages=self.max_pages,
            max_uncompressed_bytes=self.max_uncompressed_bytes,
            max_compression_ratio=self.max_compression_ratio,
            max_zip_members=self.max_zip_members,
            max_text_chars=self.max_text_chars,
            timeout_s=self.parse_timeout_s,
            review_timeout_s=self.review_timeout_s,
            memory_mb=self.parse_memory_mb,
            workers=self.parse_workers,
        )
