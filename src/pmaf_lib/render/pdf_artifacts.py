"""Page content painted outside tagged content becomes ``/Artifact`` (PDF/UA-1 7.1).

Chromium paints the running header and footer (CSS ``@page`` margin boxes) and page
backgrounds outside any marked content. :func:`mark_untagged_content_as_artifact` wraps each
run of instructions outside tagged content that paints something in
``/Artifact <</Type /Pagination>> BDC … EMC``. Marked content without an MCID (Chromium's
``/Span`` with the ``/ActualText`` of a ligature) tags nothing, so it stays part of the run
around it; a run that leaves such a sequence open is left alone (it cannot be wrapped
without crossing it).

Two implementations give the same instructions:

- the **fast path** (:func:`artifact_content`) finds only the marked-content operators
  (``BDC``/``BMC``/``EMC``, a few thousand in a 20-page report against ~180,000 instructions)
  with compiled regular expressions over the decompressed bytes, decides the runs from them,
  looks for a painting operator in each run, and splices the new stream from slices of the
  old one. It declines (returns None) whenever it cannot be sure it reads the stream as a
  PDF parser would: a literal string, comment or ``%`` anywhere but in a marked-content
  operator's property list of the simple kind Chromium writes, an inline image (``BI``),
  a hex string with white space in it, ``BDC``/``BMC``/``EMC`` bytes that are not a
  marked-content operator on its own (inside a name or string, say), property lists with
  nested objects or escaped names, or operands before a ``BDC`` that are not its own;
- the **fallback** (:func:`artifact_content_by_instruction`) parses every instruction with
  pikepdf (qpdf's tokenizer) and rebuilds the stream: ten times slower, but it reads
  anything qpdf reads. It runs for each stream the fast path declines.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import pikepdf
from pikepdf import Dictionary, Name

# Operators that put marks on the page (text, paths, images, shadings, inline images).
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "EI"}
BEGIN = ("BDC", "BMC")
ARTIFACT_BEGIN = b"/Artifact <</Type /Pagination >>BDC"
ARTIFACT_END = b"EMC"
# zlib level for the rewritten streams: level 1 compresses Chromium's content streams 4x
# faster than the default (6) for about a third more bytes (benchmarks/README.md).
COMPRESSION_LEVEL = 1

_WHITE = rb"\x00\t\n\x0c\r "  # PDF white space (ISO 32000-1 7.2.2)
_DELIMITERS = rb"()<>\[\]{}/%"
_NAME = rb"[^%s%s#]+" % (_WHITE, _DELIMITERS)  # a name's characters, no #xx escapes
_W = rb"[%s]*" % _WHITE
_NUMBER = rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_HEX = rb"<[0-9A-Fa-f]*>"
_LITERAL = rb"\((?:[^%s%s\\]|\\[0-7A-Za-z])*\)" % (_WHITE, _DELIMITERS)  # no nesting, no space

# The last byte of every token that ends in "C" (every BDC, BMC and EMC among them), found
# fast because the pattern starts with a literal; or a "C" of BDC/BMC/EMC followed by a
# closing delimiter (malformed: the fast path declines).
_C_AT_TOKEN_END = re.compile(rb"C(?:(?=[%s(<\[{/%%]|\Z)|(?<=[BE][DM]C)[)>\]}])" % _WHITE)
# A line holding one BDC or BMC with its operands: a tag, then a property list or a resource.
_BEGIN_LINE = re.compile(
    rb"%(w)s/(?P<tag>%(name)s)%(w)s(?:<<(?P<properties>(?:[^<>]++|%(hex)s)*+)>>|/(?P<resource>%(name)s))?"
    rb"%(w)s(?P<operator>BDC|BMC)" % {b"name": _NAME, b"w": _W, b"hex": _HEX}
)
_VALUE = rb"(?:/%s|%s|%s|%s|(?:true|false|null)(?![^%s%s]))" % (
    _NAME,
    _NUMBER,
    _HEX,
    _LITERAL,
    _WHITE,
    _DELIMITERS,
)
_PROPERTY_LIST = re.compile(rb"%s(?:/%s%s%s%s)*" % (_W, _NAME, _W, _VALUE, _W))
_PROPERTY_KEY = re.compile(rb"/(%s)%s%s" % (_NAME, _W, _VALUE))
# A painting operator as a whole token, with the byte before it (white space or the end of a
# string or array: not part of a name, number or another operator).
_PAINTING_OPERATOR = re.compile(
    rb"[%s\]>)](?:Tj|TJ|'|\"|f\*?|F|B\*?|b\*?|S|s|Do|sh|EI)(?=[%s/\[<(]|\Z)" % (_WHITE, _WHITE)
)
_INLINE_IMAGE = re.compile(rb"BI")
_WHITE_BYTES = frozenset(b"\x00\t\n\x0c\r ")
_REGULAR = frozenset(range(256)) - _WHITE_BYTES - frozenset(b"()<>[]{}/%")
_OPERATOR_START = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'\"")


def mark_untagged_content_as_artifact(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Rewrite ``page``'s content with its untagged painting wrapped as ``/Artifact``."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    data = b"\n".join(stream.read_bytes() for stream in streams)
    content = artifact_content(data)
    if content is None:
        content = artifact_content_by_instruction(page)
    stream = pdf.make_stream(zlib.compress(content, COMPRESSION_LEVEL))
    stream.Filter = Name.FlateDecode
    page.Contents = stream


def artifact_content(data: bytes) -> bytes | None:
    """``data`` (a decompressed content stream) with its untagged painting runs wrapped, or
    None when the stream holds something only a full parse reads safely (module docstring).
    """
    if b"%" in data or _INLINE_IMAGE.search(data):
        return None
    strings = _count(data, b"(")  # literal strings: allowed in property lists only
    pieces: list[bytes] = []
    opened: list[bool] = []  # one per open marked-content sequence: does it tag its content?
    tagged = 0  # how many of them do
    run_start = 0  # where the current run outside tagged content starts
    balance = 0  # marked-content begins minus ends in the current run
    copied = 0  # data[:copied] is in pieces

    def flush(run_end: int) -> bool:
        nonlocal copied, balance
        if balance == 0:
            paints = _first_painting(data, run_start, run_end)
            if paints is not None:
                if _inside_string_or_array(data, run_start, paints):
                    return False
                pieces.extend((data[copied:run_start], b"\n", ARTIFACT_BEGIN, b"\n"))
                pieces.extend((data[run_start:run_end], b"\n", ARTIFACT_END, b"\n"))
                copied = run_end
        balance = 0
        return True

    for match in _C_AT_TOKEN_END.finditer(data):
        end = match.end()
        operator = data[end - 3 : end]
        outside = tagged == 0
        if operator == b"EMC":
            if end > 3 and data[end - 4] not in _WHITE_BYTES:
                return None
            if opened:
                tagged -= opened.pop()
            if outside:
                balance -= 1
            elif tagged == 0:
                run_start = end
        elif operator == b"BDC" or operator == b"BMC":
            line_start = data.rfind(b"\n", 0, end) + 1
            begin = _BEGIN_LINE.fullmatch(data, line_start, end)
            if begin is None:
                return None
            start = begin.start("tag") - 1
            tags = _tags_content(*begin.group("tag", "resource", "properties"), operator)
            if tags is None or not _follows_operator(data, start):
                return None
            properties = begin["properties"]
            if properties and b"(" in properties:
                strings -= properties.count(b"(")
            opened.append(tags)
            tagged += tags
            if outside and tags:
                if not flush(start):
                    return None
            elif outside:
                balance += 1
        elif not _ends_name(data, match.start()):
            return None  # a token ending in C that is neither a name nor BDC, BMC, EMC
    if strings:
        return None  # a literal string outside the property lists
    if tagged == 0 and not flush(len(data)):
        return None
    pieces.append(data[copied:])
    return b"".join(pieces)


def _count(data: bytes, byte: bytes) -> int:
    """How many times ``byte`` occurs in ``data`` (memchr per occurrence: fast when rare)."""
    found, at = 0, data.find(byte)
    while at != -1:
        found += 1
        at = data.find(byte, at + 1)
    return found


def _first_painting(data: bytes, start: int, end: int) -> int | None:
    """Where the first painting operator in ``data[start:end]`` (whole instructions) ends."""
    if start == 0:  # the pattern needs the byte before the operator: a new line stands in
        found = _PAINTING_OPERATOR.search(b"\n" + data[:end])
        return None if found is None else found.end() - 1
    found = _PAINTING_OPERATOR.search(data, start - 1, end)
    return None if found is None else found.end()


def _inside_string_or_array(data: bytes, start: int, at: int) -> bool:
    """Could ``data[at]`` lie inside a hex string, dictionary or array opened since ``start``?"""
    return data.rfind(b"<", start, at) > data.rfind(b">", start, at) or data.rfind(
        b"[", start, at
    ) > data.rfind(b"]", start, at)


def _ends_name(data: bytes, at: int) -> bool:
    """Is ``data[at]`` the last byte of a name (``/...C``)?"""
    begin = at
    while begin and data[begin - 1] in _REGULAR:
        begin -= 1
    return begin > 0 and data[begin - 1] == 0x2F


def _tags_content(
    tag: bytes, resource: bytes | None, properties: bytes | None, operator: bytes
) -> bool | None:
    """As :func:`_tags_by_instruction`, for a ``BDC``/``BMC`` line matched by ``_BEGIN_LINE``;
    None for a property list the fast path does not read (whatever the tag: a string in it
    could hide operator lookalikes)."""
    keys = None if properties is None else _property_keys(properties)
    if properties is not None and keys is None:
        return None
    if tag == b"Artifact":
        return True
    if operator == b"BMC":
        return False
    if resource is not None:
        return True
    return keys is not None and b"MCID" in keys


@lru_cache(maxsize=4096)
def _property_keys(properties: bytes) -> frozenset[bytes] | None:
    """A property list's keys; None if it is not a flat list of names, numbers and strings
    without white space."""
    if not _PROPERTY_LIST.fullmatch(properties):
        return None
    return frozenset(_PROPERTY_KEY.findall(properties))


def _follows_operator(data: bytes, start: int) -> bool:
    """Is the token before ``data[start]`` an operator (so what follows are its own operands)?"""
    end = start
    while end and data[end - 1] in _WHITE_BYTES:
        end -= 1
    if end == 0:
        return True
    begin = end
    while begin and data[begin - 1] in _REGULAR:
        begin -= 1
    if begin == end or (begin and data[begin - 1] == 0x2F):  # a delimiter, or a /name
        return False
    return data[begin] in _OPERATOR_START and data[begin:end] not in (b"true", b"false", b"null")


def artifact_content_by_instruction(page: pikepdf.Page) -> bytes:
    """The fallback: every instruction parsed by pikepdf, the stream rebuilt from them."""
    artifact_begin = pikepdf.ContentStreamInstruction(
        [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC")
    )
    artifact_end = pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))
    out: list[pikepdf.ContentStreamInstruction] = []
    run: list[pikepdf.ContentStreamInstruction] = []
    opened: list[bool] = []  # one per open marked-content sequence: does it tag its content?

    def flush() -> None:
        # A run that leaves an untagged sequence open cannot be wrapped without crossing it.
        balanced = sum(1 if str(i.operator) in BEGIN else -1 if str(i.operator) == "EMC" else 0
                       for i in run) == 0  # fmt: skip
        if balanced and any(str(i.operator) in PAINTING for i in run):
            out.extend((artifact_begin, *run, artifact_end))
        else:
            out.extend(run)
        run.clear()

    for instruction in pikepdf.parse_content_stream(page):
        name = str(instruction.operator)
        outside = not any(opened)
        if name in BEGIN:
            tags = _tags_by_instruction(instruction)
            opened.append(tags)
            if outside and tags:
                flush()
            (run if outside and not tags else out).append(instruction)
        elif name == "EMC" and opened:
            opened.pop()
            (run if outside else out).append(instruction)
        else:
            (run if outside else out).append(instruction)
    flush()
    return pikepdf.unparse_content_stream(out)


def _tags_by_instruction(begin: pikepdf.ContentStreamInstruction) -> bool:
    """An artifact, or marked content a structure element refers to (by MCID)."""
    operands = begin.operands
    if operands and operands[0] == Name.Artifact:
        return True
    if str(begin.operator) == "BMC" or len(operands) < 2:
        return False
    properties = operands[1]
    return not isinstance(properties, Dictionary) or "/MCID" in properties
