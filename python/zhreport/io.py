"""Reading folders of scraped reports: :func:`read_dir` and :class:`FileResult`.

Files are listed and read one at a time (a folder of 200,000 reports is never held in
memory at once), decoded with :func:`zhreport.decode` (UTF-8, GBK/GB18030, Big5, UTF-16,
detected per file), and every problem (a file that cannot be read, vanished, loops back
through a symbolic link, or does not decode) becomes a :class:`FileResult` with ``error``
set instead of an exception.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zhreport import _core
from zhreport.errors import ZhreportError

__all__ = ["FileResult", "read_dir", "read_file", "pattern_matches"]


@dataclass(frozen=True)
class FileResult:
    """One file read by :func:`read_dir`: its id, and its text or what went wrong.

    Attributes:
        id: the path relative to the folder read, in POSIX form (``"2020/02/a.txt"``).
        text: the decoded text; ``None`` when the file could not be read or decoded.
        encoding: the encoding used (detected or given), such as ``"UTF-8"``,
            ``"gb18030"``, ``"Big5"``, ``"UTF-16LE"``; ``None`` when not decoded.
        error: ``None``, or why the file has no text (``"cannot read: [Errno 2] …"``).
        size: the number of bytes read (0 when the file could not be read).

    Example:
        >>> FileResult("a.txt", "正文。", "UTF-8", None, 9).ok
        True
    """

    id: str
    text: str | None
    encoding: str | None
    error: str | None
    size: int = 0

    @property
    def ok(self) -> bool:
        """True when the file was read and decoded."""
        return self.error is None


@lru_cache(maxsize=64)
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Translates a glob (``*``, ``?``, ``[...]``, ``**`` for any number of folders) to a regex."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (close := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : close]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def pattern_matches(pattern: str, relative_path: str) -> bool:
    """Tell whether a relative POSIX path matches a glob pattern.

    ``*`` and ``?`` stay within one folder level; ``**/`` matches any number of folders,
    none included, so ``"**/*.txt"`` matches ``"a.txt"`` and ``"x/y/a.txt"``.

    Example:
        >>> [pattern_matches("**/*.txt", p) for p in ("a.txt", "x/y/a.txt", "a.html")]
        [True, True, False]
        >>> pattern_matches("*.txt", "x/a.txt")
        False
    """
    return _pattern_regex(pattern).match(relative_path) is not None


def _describe(error: OSError) -> str:
    text = error.strerror or str(error)
    return f"[Errno {error.errno}] {text}" if error.errno is not None else text


def read_file(path: str | os.PathLike[str], id: str | None = None, encoding: str | None = None) -> FileResult:
    """Read and decode one file, reporting any problem in the result instead of raising.

    Args:
        path: the file.
        id: the id to give the result (default: ``path`` as given, in POSIX form).
        encoding: the encoding of the file; ``None`` detects it.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "big5.txt").write_bytes("黨旗飄揚".encode("big5"))
        >>> r = read_file(folder / "big5.txt", id="big5.txt")
        >>> r.text, r.encoding, r.error
        ('黨旗飄揚', 'Big5', None)
        >>> read_file(folder / "missing.txt", id="missing.txt").error
        'cannot read: [Errno 2] No such file or directory'
    """
    file_id = id if id is not None else Path(path).as_posix()
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        return FileResult(file_id, None, None, "cannot read: is a directory")
    except OSError as error:
        return FileResult(file_id, None, None, f"cannot read: {_describe(error)}")
    try:
        text, used = _core.decode_with_encoding(data, encoding, "strict")
    except ZhreportError as error:
        return FileResult(file_id, None, None, f"cannot decode: {error}", len(data))
    if encoding is None and used not in _DETECTED_ENCODINGS:
        # Single-byte encodings accept any bytes at all: a detected windows-1252 means
        # that no multi-byte encoding fits, i.e. garbage or binary data.
        message = f"cannot decode: not text in a supported encoding (the bytes only fit {used})"
        return FileResult(file_id, None, None, message, len(data))
    if _looks_binary(text):
        return FileResult(file_id, None, None, "cannot decode: binary data (control characters)", len(data))
    return FileResult(file_id, text, used, None, len(data))


#: Encodings detection may settle on for a file: UTF-8/16 and the strict multi-byte
#: CJK encodings. Any other detected encoding is a sign of garbage (see :func:`read_file`).
_DETECTED_ENCODINGS = frozenset(
    {"UTF-8", "UTF-16LE", "UTF-16BE", "gb18030", "GBK", "Big5", "EUC-JP", "EUC-KR", "Shift_JIS"}
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    """More than 1% of C0 control characters (tab, line ends and form feed aside)."""
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) * 100 > len(sample)


def read_dir(
    path: str | os.PathLike[str], pattern: str = "**/*.txt", encoding: str | None = None
) -> Iterator[FileResult]:
    """Stream the files of a folder that match ``pattern``, decoded, in a stable order.

    The folder is walked lazily in name order (files of a folder before its subfolders);
    each matching file is read and decoded only when the iterator reaches it. Symbolic
    links to folders are followed once: a link that leads back into a folder being walked
    is reported as a symlink loop. Problems are reported, never raised:

    * a folder that cannot be listed: a result with id ``"sub/"`` (trailing slash) and
      ``error`` ``"cannot list folder: …"``;
    * a file that cannot be read (no permission, vanished since it was listed, a
      symbolic link that loops or dangles): ``"cannot read: …"``;
    * bytes that do not decode (in the given or the detected encoding), that detection
      finds in no supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5 and the other
      multi-byte CJK encodings; an explicit ``encoding`` is always obeyed), or that are
      binary (over 1% control characters): ``"cannot decode: …"``.

    Args:
        path: the folder (a single file is read as a folder holding just that file).
        pattern: a glob over paths relative to ``path`` (see :func:`pattern_matches`).
        encoding: the encoding of every file; ``None`` detects each file's own.

    Yields:
        One :class:`FileResult` per matching file (and per unlistable folder), whose id is
        the path relative to ``path`` in POSIX form.

    Raises:
        FileNotFoundError: ``path`` does not exist.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> (folder / "2020").mkdir()
        >>> _ = (folder / "2020" / "gbk.txt").write_bytes("党员干部坚守一线".encode("gbk"))
        >>> _ = (folder / "utf8.txt").write_text("疫情防控", encoding="utf-8")
        >>> _ = (folder / "bad.txt").write_bytes(b"\\x81\\xff" * 5)
        >>> for r in read_dir(folder):
        ...     print(r.id, r.text, r.encoding, r.error is not None)
        bad.txt None None True
        utf8.txt 疫情防控 UTF-8 False
        2020/gbk.txt 党员干部坚守一线 gb18030 False
    """
    root = Path(path)
    try:
        root_stat = root.stat()
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, "no such file or folder", str(path)) from None
    if not stat.S_ISDIR(root_stat.st_mode):
        yield read_file(root, id=root.name, encoding=encoding)
        return
    yield from _walk(root, "", pattern, encoding, {(root_stat.st_dev, root_stat.st_ino)})


def _walk(
    folder: Path, prefix: str, pattern: str, encoding: str | None, ancestors: set[tuple[int, int]]
) -> Iterator[FileResult]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield FileResult(prefix or "./", None, None, f"cannot list folder: {_describe(error)}")
        return
    folders: list[tuple[os.DirEntry[str], str]] = []
    for entry in entries:
        relative = prefix + entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError as error:
            # A symbolic link that loops onto itself: stat fails with ELOOP.
            if pattern_matches(pattern, relative):
                yield FileResult(relative, None, None, f"cannot read: {_describe(error)}")
            continue
        if is_dir:
            folders.append((entry, relative))
        elif pattern_matches(pattern, relative):
            yield read_file(entry.path, id=relative, encoding=encoding)
    for entry, relative in folders:
        try:
            info = os.stat(entry.path)
        except OSError as error:  # vanished since it was listed
            yield FileResult(relative + "/", None, None, f"cannot list folder: {_describe(error)}")
            continue
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            yield FileResult(relative + "/", None, None, "symlink loop: leads back to a folder being read")
            continue
        yield from _walk(Path(entry.path), relative + "/", pattern, encoding, ancestors | {key})
