"""Reading raw mail: MIME structure, charsets, HTML, documents, OCR, quotes and forwards.

`read_message(raw, options)` turns raw bytes into a `bot.mail.ParsedMessage`; it never
raises on malformed input and records what it could not read in `problems`.
"""
from bot.reading.message import ReadOptions, read_message

__all__ = ["ReadOptions", "read_message"]
