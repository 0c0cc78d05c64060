"""The one upload checker of the product: every uploaded file's real type is decided from its content.

A file is accepted only when its content is a kind the upload allows *and* its name's extension agrees with it
(a ``.pdf`` must be a PDF). Executables, web pages (HTML, SVG, scripts), archives and anything not recognised are
refused with a message naming the file. What the file is stored and served as (its content type) comes from the
detected type, never from the browser.

    checked = check_upload(upload, allowed=DOCUMENTS, max_bytes=10 * 1024 * 1024)   # ValidationError if refused
    row.file, row.content_type = upload, checked.content_type

Also here: removing a replaced or deleted row's file from storage once the change is committed
(``delete_file_after_commit``, ``remove_files_when_deleted``) and serving a stored file safely (``file_response``).
"""

from __future__ import annotations

import codecs
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404

from .text_hygiene import CONTROL_CHARACTERS, has_control_character

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
HEAD_BYTES = 8192
TEXT_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    """A kind of file the product can accept: its name in messages, what it is served as, its extensions."""

    key: str
    label: str  # "a PDF": used in "its content is a PDF"
    noun: str  # "PDF": used in "is not a PDF file" and in the list of what to upload
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", "a PDF", "PDF", "application/pdf", (".pdf",))
DOCX = FileType(
    "docx",
    "a Word document",
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "xlsx",
    "an Excel spreadsheet",
    "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileType(
    "pptx",
    "a PowerPoint presentation",
    "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileType(
    "odt", "an OpenDocument text document", "OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",)
)
ODS = FileType(
    "ods",
    "an OpenDocument spreadsheet",
    "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet",
    (".ods",),
)
DOC = FileType("doc", "a Word 97-2003 document", "Word", "application/msword", (".doc",))
XLS = FileType("xls", "an Excel 97-2003 spreadsheet", "Excel", "application/vnd.ms-excel", (".xls",))
TEXT = FileType("txt", "a plain text file", "text", "text/plain", (".txt",))
CSV = FileType("csv", "a CSV file", "CSV", "text/csv", (".csv", ".txt"))
PNG = FileType("png", "a PNG image", "image", "image/png", (".png",))
JPEG = FileType("jpeg", "a JPEG image", "image", "image/jpeg", (".jpg", ".jpeg"))

DOCUMENTS = frozenset({PDF, DOCX, DOC, ODT, XLSX, XLS, ODS})
ALL_TYPES = (PDF, DOCX, DOC, ODT, XLSX, XLS, ODS, PPTX, TEXT, CSV, PNG, JPEG)  # the order of "Upload a …" lists

# What a refused content is, in words: "its content is an executable program".
EXECUTABLE = "an executable program"
SCRIPT = "a script"
WEB_PAGE = "a web page (HTML)"
SVG = "an SVG image (which can hold scripts)"
XML = "an XML file"
MACROS = "an Office document with macros"
ZIP = "a ZIP archive"
BROKEN_ZIP = "a damaged ZIP file"
OLE_OTHER = "an older Office file that is not a Word or Excel document"
BINARY = "not a recognised document (binary data)"
UNKNOWN = "not a recognised document"


@dataclass(frozen=True)
class Detected:
    """What a file's content is: a known type, or a description of why it is not acceptable."""

    type: FileType | None
    description: str

    @property
    def content_type(self) -> str:
        return self.type.content_type if self.type else "application/octet-stream"


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted upload: the file (rewound), its name as given, its detected type and size."""

    file: Any
    name: str
    type: FileType
    size: int

    @property
    def content_type(self) -> str:
        return self.type.content_type


# --- sniffing ------------------------------------------------------------------------------------------------

_EXECUTABLES = (
    b"\x7fELF",
    b"MZ",
    b"\x00asm",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# The tags a browser takes as HTML at the start of a file (WHATWG MIME sniffing), each followed by space or ">".
_HTML_TAGS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<body",
    b"<br",
    b"<p",
    b"<!--",
    b"<meta",
    b"<img",
    b"<object",
    b"<embed",
    b"<form",
    b"<link",
    b"<base",
)
_ANYWHERE = (b"<script", b"<html", b"<svg", b"<iframe")


def _read_all_from_start(fileobj: IO[bytes]):
    fileobj.seek(0)
    while chunk := fileobj.read(TEXT_CHUNK):
        yield chunk


def _markup(head: bytes) -> str | None:
    """What markup the start of a text file is, if any: HTML, SVG, XML."""
    text = head
    for bom in _BOMS:
        if text.startswith(bom):
            text = text[len(bom) :]
    text = text.lstrip(b" \t\r\n\f").lower()
    if text.startswith(b"<svg"):
        return SVG
    if text.startswith(b"<?xml"):
        return SVG if b"<svg" in text[:HEAD_BYTES] else XML
    for tag in _HTML_TAGS:
        if text.startswith(tag) and (
            tag == b"<!--" or text[len(tag) : len(tag) + 1] in (b" ", b">", b"\t", b"\n", b"/")
        ):
            return WEB_PAGE
    lowered = head.lower()
    if any(marker in lowered for marker in _ANYWHERE):
        return WEB_PAGE
    return None


def _is_text(fileobj: IO[bytes]) -> bool:
    """UTF-8 (with or without BOM) or Windows-1252 text with no NUL bytes, read in chunks."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in _read_all_from_start(fileobj):
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _sniff_zip(fileobj: IO[bytes]) -> Detected:
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return Detected(None, BROKEN_ZIP)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return Detected(None, MACROS)
    if mimetype == ODT.content_type.encode():
        return Detected(ODT, ODT.label)
    if mimetype == ODS.content_type.encode():
        return Detected(ODS, ODS.label)
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        return Detected(None, "an OpenDocument file of another kind")
    if "[Content_Types].xml" in names:
        for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
            if any(name.startswith(prefix) for name in names):
                return Detected(kind, kind.label)
    return Detected(None, ZIP)


def _sniff_ole2(fileobj: IO[bytes]) -> Detected:
    """A Word or Excel 97-2003 file is an OLE2 container with a "WordDocument" or "Workbook"/"Book" stream."""
    word, workbook, book = (
        "WordDocument".encode("utf-16-le"),
        "Workbook".encode("utf-16-le"),
        "Book\x00".encode("utf-16-le"),
    )
    found_word = found_book = False
    tail = b""
    for chunk in _read_all_from_start(fileobj):
        block = tail + chunk
        found_word = found_word or word in block
        found_book = found_book or workbook in block or book in block
        tail = block[-32:]
    if found_word:
        return Detected(DOC, DOC.label)
    if found_book:
        return Detected(XLS, XLS.label)
    return Detected(None, OLE_OTHER)


def detect(fileobj: IO[bytes]) -> Detected:
    """Decide what a file is from its content alone (the file is read from its start, then rewound)."""
    try:
        fileobj.seek(0)
        head = fileobj.read(HEAD_BYTES)
        if head.startswith(_EXECUTABLES):
            return Detected(None, EXECUTABLE)
        if head.startswith(b"#!"):
            return Detected(None, SCRIPT)
        if head.startswith(b"%PDF-"):
            return Detected(PDF, PDF.label)
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(fileobj)
        if head.startswith(_OLE2):
            return _sniff_ole2(fileobj)
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return Detected(PNG, PNG.label)
        if head.startswith(b"\xff\xd8\xff"):
            return Detected(JPEG, JPEG.label)
        markup = _markup(head)
        if markup:
            return Detected(None, markup)
        if head and _is_text(fileobj):
            return Detected(TEXT, TEXT.label)
        return Detected(None, BINARY if head else UNKNOWN)
    finally:
        fileobj.seek(0)


# --- the checker ---------------------------------------------------------------------------------------------


def _choices(allowed: frozenset[FileType] | set[FileType]) -> str:
    nouns: list[str] = []
    for kind in ALL_TYPES:
        if kind in allowed and kind.noun not in nouns:
            nouns.append(kind.noun)
    listed = nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + f" or {nouns[-1]}"
    return f"{_article(listed)} {listed} file"


def _article(word: str) -> str:
    return "an" if word[:1] in "AEIOUaeiou" else "a"


def _size_words(max_bytes: int) -> str:
    return f"{max_bytes // MB}MB" if max_bytes >= MB else f"{max_bytes // 1024}KB"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_upload(
    uploaded_file: Any,
    *,
    allowed: frozenset[FileType] | set[FileType] = DOCUMENTS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CheckedUpload:
    """Accept an upload whose content is one of ``allowed`` and whose extension agrees; else ValidationError.

    Checks, in order: not empty, not too large, an extension some allowed type has, then the content. The
    message names the file and says what to upload instead. The file is left rewound to its start.
    """
    name = PurePath(getattr(uploaded_file, "name", "") or "").name or "The file"
    if has_control_character(name):  # the name is stored with the file: it must be clean text like any other
        raise _refuse(
            f"‘{CONTROL_CHARACTERS.sub('', name)}’ has a control character in its name. Rename the file and try again.",
            "name",
        )
    quoted = f"‘{name}’"
    upload_instead = f"Upload {_choices(allowed)}."
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
    if size == 0:
        raise _refuse(f"{quoted} is empty. {upload_instead}", "empty")
    if size > max_bytes:
        raise _refuse(
            f"{quoted} is larger than {_size_words(max_bytes)}. Upload a file smaller than {_size_words(max_bytes)}.",
            "too_big",
        )
    extension = PurePath(name).suffix.lower()
    claimed = [kind for kind in ALL_TYPES if kind in allowed and extension in kind.extensions]
    if not claimed:
        raise _refuse(f"{quoted} cannot be uploaded here. {upload_instead}", "extension")
    detected = detect(uploaded_file)
    # Plain text stands for any text type the upload allows under that name (a .csv is text/csv).
    kind = detected.type
    if kind is TEXT:
        kind = next((k for k in claimed if k in (TEXT, CSV)), TEXT)
    if kind is None or kind not in claimed:
        what = claimed[0].noun
        raise _refuse(
            f"{quoted} is not {_article(what)} {what} file: its content is {detected.description}. {upload_instead}",
            "content",
        )
    return CheckedUpload(file=uploaded_file, name=name, type=kind, size=size)


def upload_problem(uploaded_file: Any, **kwargs: Any) -> str | None:
    """The checker's message for a refused upload, or None if it is accepted."""
    try:
        check_upload(uploaded_file, **kwargs)
    except ValidationError as error:
        return error.messages[0]
    return None


# --- storage: replaced and deleted files ---------------------------------------------------------------------


def delete_file_after_commit(fieldfile: Any) -> None:
    """Remove a stored file once the transaction that replaced or deleted its row has committed."""
    name = getattr(fieldfile, "name", "")
    if not name:
        return
    storage = fieldfile.storage

    def remove() -> None:
        if storage.exists(name):
            storage.delete(name)

    transaction.on_commit(remove)


def remove_files_when_deleted(model: type, *field_names: str) -> None:
    """When a row of ``model`` is deleted (cascades included), remove its files from storage after commit."""

    def removed(sender: type, instance: Any, **kwargs: Any) -> None:
        for field_name in field_names:
            delete_file_after_commit(getattr(instance, field_name))

    post_delete.connect(
        removed, sender=model, weak=False, dispatch_uid=f"uploads-remove-{model._meta.label_lower}-files"
    )


# --- serving -------------------------------------------------------------------------------------------------


def file_response(fieldfile: Any, *, filename: str, content_type: str = "") -> FileResponse:
    """Serve a stored upload: its detected content type (sniffed again if none was stored), a PDF inline and
    anything else as a download, and never sniffed by the browser."""
    try:
        stored = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored") from None
    if not content_type:
        content_type = detect(stored).content_type
    is_pdf = content_type == PDF.content_type
    response = FileResponse(stored, as_attachment=not is_pdf, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
