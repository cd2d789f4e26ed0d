"""A plan's text from the files reviewers find: text in any common encoding, .md, .docx, PDF
with a text layer, HTML pages, and .doc/.wps/.odt/.rtf through LibreOffice when installed.

Each reader is bounded, so a hostile or accidental file cannot hang the audit or exhaust
memory: the file's size (as workbooks, 20 MB), the unpacked size of a .docx's XML, the
number of PDF pages, and the characters of text the audit is given. No reader goes to the
network or resolves external entities: .docx XML with a DTD is refused before parsing, HTML
is parsed without fetching anything, LibreOffice runs headless on a copy in a private
profile with a time limit.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from planlib.audit.decoding import decode_text
from planlib.audit.layout import PAGE_NUMBER, Origin, Piece, despace, file_lines, plan_pieces, unwrap_pieces
from planlib.audit.pdf_layout import LayoutCollector, PageLayout
from planlib.errors import InputError, os_reason

MAX_FILE_BYTES = 20 * 2**20  # as workbooks
MAX_TEXT_CHARS = 1_000_000  # a plan is 3,000–30,000 characters; a million is a whole year's plans
MAX_DOCX_XML_BYTES = 32 * 2**20  # unpacked word/document.xml (a plan's is well under 1 MB)
MAX_PDF_PAGES = 300
OFFICE_TIMEOUT_S = 120

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
OFFICE_SUFFIXES = (".doc", ".wps", ".odt", ".rtf")
DOCUMENT_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", *HTML_SUFFIXES, *OFFICE_SUFFIXES)
SUPPORTED = "、".join(DOCUMENT_SUFFIXES)


@dataclass(frozen=True)
class Document:
    """A plan's lines as read, where each part of them is in the file, and notes on how they
    were read (shown with the audit)."""

    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()
    pieces: tuple[Piece, ...] = ()  # the lines with their origins (the file's lines, pages)
    pages: int | None = None  # a PDF's pages
    layouts: tuple[PageLayout, ...] = ()  # a PDF's text runs and rules, page by page (its tables)

    def origin(self, line: int, column: int = 0) -> Origin:
        """Where column ``column`` of line ``line`` (1-based, as read) is in the file."""
        return self.pieces[line - 1].at(column) if self.pieces else Origin(None, line)


def _check_chars(count: int, path) -> None:
    if count > MAX_TEXT_CHARS:
        raise InputError(
            path,
            f"文字过多（约{count // 10000}万字），超过核查上限{MAX_TEXT_CHARS // 10000}万字；"
            "一份计划通常只有几千到几万字，请确认文件是否正确",
        )


def _document(
    pieces: list[Piece],
    path,
    notes: tuple[str, ...] = (),
    unit: str = "行",
    pages: int | None = None,
    layouts: tuple[PageLayout, ...] = (),
) -> Document:
    _check_chars(sum(len(p.text) for p in pieces), path)
    lines, rebuilt = plan_pieces(pieces)
    if rebuilt:
        notes += (
            f"原文的换行已丢失（整段连在一行），已按标题序号（一、（一）1.）和句号重新分行核查；所称“第N{unit}”仍为原文的{unit}",
        )
    return Document(tuple(p.text for p in lines), notes, lines, pages, layouts)


def _numbered(texts: list[str]) -> list[Piece]:
    """One piece per paragraph (or table row, or block of a page), numbered from 1 and cited as
    第N段, spaced-out text joined back."""
    return [Piece.of(despace(t), n, unit="段") for n, t in enumerate(texts, 1)]


def _read_bytes(p: Path) -> bytes:
    if not p.exists():
        raise InputError(p, "文件不存在")
    if p.is_dir():
        raise InputError(p, "这是一个文件夹，不是计划文本")
    if not p.is_file():
        raise InputError(p, "不是普通文件（如管道或设备），无法读取")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(p, f"文件过大（{size / 2**20:.1f} MB，上限 {MAX_FILE_BYTES // 2**20} MB），不像是一份计划")
        return p.read_bytes()
    except OSError as e:
        raise InputError(p, f"无法读取文件（{os_reason(e)}）") from None


def read_document(path: str | Path) -> Document:
    """The lines of a plan file, by its suffix; an InputError for anything unreadable."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise InputError(p, f"不支持的文件类型“{p.suffix}”，应为 {SUPPORTED}（文本）或 .xlsx、.xls、.ods（工作簿）")
    data = _read_bytes(p)
    if suffix == ".docx":
        return _document(_numbered(docx_lines(data, p)), p, unit="段")
    if suffix == ".pdf":
        pages, layouts = pdf_read(data, p)
        printed = [
            (text, n, page)
            for page, texts in enumerate(pages, 1)
            for n, text in enumerate(texts, 1)
            if not PAGE_NUMBER.match(text)
        ]
        lines = [Piece.of(despace(text), n, page) for text, n, page in printed]
        # a spaced-out line was justified across the whole width: it is a full line, however
        # short it reads once its spaces are gone
        spaced = frozenset(
            i for i, (line, (text, _, _)) in enumerate(zip(lines, printed, strict=True)) if line.text != text
        )
        note = "PDF 的折行已按段落重新连接核查；所称“第P页第N行”为原文的页和行（页内不计空行）"
        return _document(unwrap_pieces(lines, spaced), p, (note,), pages=len(pages), layouts=tuple(layouts))
    if suffix in HTML_SUFFIXES:
        return _document(_numbered(html_text(data, p).split("\n")), p, unit="段")
    if suffix in OFFICE_SUFFIXES:
        return _document(file_lines(office_text(p)), p, ("经 LibreOffice 转换为文本后核查；所称“第N行”为转换后的段落",))
    return _document(file_lines(decode_text(data, p)), p)


def read_lines(path: str | Path) -> tuple[str, ...]:
    return read_document(path).lines


# --- .docx -----------------------------------------------------------------------------------


def _check_docx(data: bytes, p: Path) -> None:
    from planlib.io.xlsxio import PROLOG_PEEK, prolog_has_dtd

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as e:  # zipfile raises many types on damaged archives
        raise InputError(p, f"无法读取 Word 文档，文件可能已损坏或不是 .docx（{type(e).__name__}）") from None
    if len(members) > 2000:
        raise InputError(p, f"Word 文档内部文件过多（{len(members)} 个），已拒绝读取")
    for m in members:
        if m.filename.endswith(".xml") and m.file_size > MAX_DOCX_XML_BYTES:
            raise InputError(
                p,
                f"Word 文档中的 {m.filename} 解压后过大（{m.file_size // 2**20} MB，上限 "
                f"{MAX_DOCX_XML_BYTES // 2**20} MB），不像是一份计划，已拒绝读取",
            )
        if m.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(m) as fh:
                    head = fh.read(PROLOG_PEEK)
            except Exception as e:  # a damaged member: zlib.error, BadZipFile (bad CRC), EOFError …
                kind = f"{type(e).__module__}.{type(e).__name__}" if type(e).__name__ == "error" else type(e).__name__
                raise InputError(p, f"Word 文档已损坏，无法解压其中的 {m.filename}（{kind}）") from None
            if prolog_has_dtd(head):
                raise InputError(p, f"Word 文档中的 {m.filename} 含有 DTD/实体声明，已拒绝读取")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_lines(data: bytes, p: Path) -> list[str]:
    """One line per paragraph (soft line breaks split it later) and per table row.

    ``word/document.xml`` is streamed (lxml ``iterparse``, no DTD, no entities, no network)
    and each element freed once read: time and memory grow with the text, not the markup.
    """
    try:
        from lxml import etree  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(p, "读取 .docx 需要 lxml（pip install 'planlib[audit]'），或另存为 .txt 后再试") from None
    _check_docx(data, p)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        part = archive.open("word/document.xml")
    except KeyError:
        raise InputError(p, "不是 Word 文档（缺少 word/document.xml），文件可能已损坏或不是 .docx") from None
    except Exception as e:  # zipfile raises many types on damaged archives
        raise InputError(p, f"无法读取 Word 文档，文件可能已损坏或不是 .docx（{type(e).__name__}）") from None
    lines: list[str] = []
    paragraph: list[str] = []  # the text of the paragraph being read
    row: list[str] | None = None  # the cells of the outermost table row being read
    cell: list[str] = []
    tables = 0
    chars = 0
    try:
        for event, el in etree.iterparse(
            part, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        ):
            tag = el.tag
            if event == "start":
                if tag == _W + "tbl":
                    tables += 1
                elif tag == _W + "tr" and tables == 1:
                    row = []
                elif tag == _W + "tc" and tables == 1:
                    cell = []
                continue
            if tag == _W + "t":
                paragraph.append(el.text or "")
            elif tag == _W + "tab":
                paragraph.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                paragraph.append("\n")
            elif tag == _W + "p":
                text = "".join(paragraph)
                paragraph = []
                chars += len(text)
                _check_chars(chars, p)
                if tables:
                    cell.append(text)
                else:
                    lines.append(text)
            elif tag == _W + "tc" and tables == 1 and row is not None:
                row.append(" ".join(" ".join(cell).split()))
            elif tag == _W + "tr" and tables == 1 and row is not None:
                lines.append("  ".join(c for i, c in enumerate(row) if c and (i == 0 or c != row[i - 1])))
                row = None
            elif tag == _W + "tbl":
                tables -= 1
            if tag in (_W + "p", _W + "tbl") and (parent := el.getparent()) is not None:
                el.clear()
                if parent.tag == _W + "body":  # read: drop it and what came before
                    while el.getprevious() is not None:
                        del parent[0]
    except InputError:
        raise
    except Exception as e:  # lxml raises XMLSyntaxError and others on damaged parts
        raise InputError(p, f"无法读取 Word 文档，文件可能已损坏（{type(e).__name__}）") from None
    return lines


# --- PDF ---------------------------------------------------------------------------------------


def pdf_pages(data: bytes, p: Path) -> list[list[str]]:
    """The text layer of a PDF: each page's non-blank lines; a scanned PDF (no text) is an InputError."""
    return pdf_read(data, p)[0]


def pdf_read(data: bytes, p: Path) -> tuple[list[list[str]], list[PageLayout]]:
    """Each page's non-blank lines and, from the same pass, its text runs and rules
    (:mod:`planlib.audit.pdf_layout`, for the tables)."""
    try:
        from pypdf import PasswordType, PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError
    except ImportError:
        raise InputError(p, "读取 PDF 需要 pypdf（pip install 'planlib[audit]'）") from None
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files warn on stderr
    password = "PDF 设置了打开密码，无法读取；请提供未加密的文件"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # a permissions password only: opens with the empty one
            except DependencyError:
                raise InputError(p, "PDF 以 AES 加密，读取需要 cryptography（pip install cryptography）") from None
            except Exception:
                raise InputError(p, password) from None
            if opened == PasswordType.NOT_DECRYPTED:
                raise InputError(p, password)
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise InputError(p, f"PDF 共{len(pages)}页，超过核查上限{MAX_PDF_PAGES}页，不像是一份计划")
        texts, total, layouts = [], 0, []
        for number, page in enumerate(pages, 1):
            box = page.mediabox
            collector = LayoutCollector(number, page.rotation, (box.left, box.bottom, box.right, box.top))
            text = page.extract_text(visitor_text=collector.text, visitor_operand_before=collector.operand) or ""
            layouts.append(collector.layout)
            total += len(text)
            _check_chars(total, p)
            texts.append([line for line in text.splitlines() if line.strip()])
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError(p, password) from None
    except (PdfReadError, Exception) as e:  # pypdf raises many types on damaged files
        raise InputError(p, f"无法读取 PDF，文件可能已损坏（{type(e).__name__}）") from None
    if not any(re.search(r"[\u4e00-\u9fff]|\d", line) for page in texts for line in page):
        raise InputError(p, "PDF 没有文字层（可能是扫描件或图片），无法核查；请用文字版 PDF，或先做文字识别（OCR）")
    return texts, layouts


def pdf_text(data: bytes, p: Path) -> str:
    """The text layer of a PDF as one text, page after page."""
    return "\n".join(line for page in pdf_pages(data, p) for line in page)


# --- HTML --------------------------------------------------------------------------------------

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "form",
    "nav",
    "header",
    "footer",
    "aside",
    "select",
    "button",
)
_CHROME = re.compile(
    r"(?:^|[-_ ])(?:nav|menu|header|footer|breadcrumb|crumb|sidebar|side|share|toolbar|"
    r"copyright|links?|related|bottom|top)(?:$|[-_ ])",
    re.I,
)
_ARTICLE = re.compile(r"TRS_Editor|article|content|zoom|main|text|detail|zw|xxgk|view", re.I)
_BLOCK = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
)


def _chinese(text: str) -> int:
    """How many Chinese characters (CJK unified ideographs) ``text`` holds."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _html_decode(data: bytes, p: Path) -> str:
    head = data[:4096].decode("ascii", "ignore")
    if m := re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", head, re.I):
        declared = m.group(1).lower()
        if declared in ("gb2312", "gbk", "gb18030"):
            declared = "gb18030"
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, p)


MAX_HTML_DEPTH = 300  # real pages nest their blocks a few dozen deep
_CONTAINER_TAG = re.compile(r"<(/?)(div|section|article|main|table|blockquote)\b[^>]*?(/?)>", re.I)


def _nesting_depth(markup: str) -> int:
    """How deep the block containers nest (one pass; unclosed ones count as open)."""
    depth = deepest = 0
    for m in _CONTAINER_TAG.finditer(markup):
        if m.group(1):
            depth = max(0, depth - 1)
        elif not m.group(3):
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def html_text(data: bytes, p: Path) -> str:
    """The article of a web page: the block with the most Chinese text, without menus,
    scripts or footers; one line per paragraph, list item, table row or line break."""
    try:
        from bs4 import BeautifulSoup
    except ImportError:
        raise InputError(p, "读取网页需要 beautifulsoup4（pip install 'planlib[audit]'）") from None
    markup = _html_decode(data, p)
    depth = _nesting_depth(markup)
    if depth > MAX_HTML_DEPTH:  # the article search is quadratic in the depth: bounded like the other readers
        raise InputError(p, f"网页的区块嵌套过深（{depth}层，上限{MAX_HTML_DEPTH}层），不像是一份计划，已拒绝读取")
    import warnings

    with warnings.catch_warnings():  # an .xhtml's XML prolog: bs4 warns in 7 English lines, and reads it well
        warnings.simplefilter("ignore")
        try:
            soup = BeautifulSoup(markup, "lxml")  # lxml's HTML parser: no network, no entities fetched
        except Exception:
            soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        names = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
        if names and _CHROME.search(names) and not _ARTICLE.search(names):
            tag.decompose()
    body = soup.body or soup
    scored = []
    for tag in (body, *body.find_all(("div", "article", "section", "td", "main"))):
        cjk = _chinese(tag.get_text(""))
        links = sum(_chinese(a.get_text("")) for a in tag.find_all("a"))
        scored.append((cjk - 2 * links, tag))
    top = max(score for score, _ in scored)
    # the innermost block that still holds nearly all of the article's text
    best = max((t for score, t in scored if score >= 0.85 * top), key=lambda t: len(list(t.parents)))
    for br in best.find_all("br"):
        br.replace_with("\n")
    for tag in best.find_all(_BLOCK):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for cell in best.find_all(("td", "th")):
        cell.insert_after("  ")
    lines = [" ".join(line.split()) for line in best.get_text("").splitlines()]
    return "\n".join(line for line in lines if line)


# --- .doc/.wps/.odt/.rtf through LibreOffice ----------------------------------------------------


def office_program() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_text(p: Path) -> str:
    """The text of a word-processor file converted headlessly by LibreOffice, on a copy, in a
    private profile, with a time limit."""
    program = office_program()
    if program is None:
        raise InputError(
            p,
            f"读取 {p.suffix} 文件需要安装 LibreOffice（如 apt-get install libreoffice-writer-nogui），"
            "或在 Word/WPS 中另存为 .docx 后再试",
        )
    with tempfile.TemporaryDirectory(prefix="planlib-office-") as tmp:
        source = Path(tmp) / ("plan" + p.suffix.lower())
        shutil.copyfile(p, source)
        profile = Path(tmp, "profile").as_uri()
        try:
            subprocess.run(
                [
                    program,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation={profile}",
                    "--convert-to",
                    "txt:Text (encoded):UTF8",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=OFFICE_TIMEOUT_S,
                check=False,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired:
            raise InputError(p, f"LibreOffice 在{OFFICE_TIMEOUT_S}秒内未能转换该文件") from None
        out = Path(tmp) / "plan.txt"
        if not out.exists():
            raise InputError(p, f"LibreOffice 无法转换该文件（文件可能已损坏或不是 {p.suffix} 文档）")
        return decode_text(_read_bytes(out), p)
