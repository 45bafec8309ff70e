"""The exceptions zhreport raises.

Every error is a :class:`ZhreportError`; the ones caused by a bad value are also
:class:`ValueError` (and an unknown encoding is a :class:`LookupError`, as in
:mod:`codecs`), so code written against the standard library keeps working.

>>> import zhreport as zr
>>> try:
...     zr.decode(b"\\xff\\xfe\\x00", encoding="utf-8")
... except zr.DecodeError as error:
...     print(error.offset, isinstance(error, ValueError))
0 True
"""

from __future__ import annotations

__all__ = [
    "ZhreportError",
    "DecodeError",
    "UnknownEncodingError",
    "InvalidArgumentError",
    "DictionaryError",
]


class ZhreportError(Exception):
    """Base class of every error raised by zhreport."""


class DecodeError(ZhreportError, ValueError):
    """The bytes are not valid in the encoding used to read them.

    Attributes:
        offset: byte offset of the first malformed sequence.
        encoding: name of the encoding the bytes were read as.
    """

    offset: int
    encoding: str


class UnknownEncodingError(ZhreportError, LookupError):
    """The encoding name is not one zhreport knows."""


class InvalidArgumentError(ZhreportError, ValueError):
    """An argument has a value outside its domain."""


class DictionaryError(ZhreportError):
    """A dictionary or lexicon could not be loaded."""
