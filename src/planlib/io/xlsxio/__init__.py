"""Reading spreadsheets people made, safely and tolerantly: the contract-agnostic half of
:mod:`planlib.io.workbook`.

- **Opening** (:func:`open_book`): the file is read into memory once and never opened for
  writing. Before any XML parser runs, every part of the zip is checked for a DTD (no
  legitimate .xlsx has one; it is what entity-expansion bombs need) and the archive's sizes are
  bounded, so a bomb is refused in well under a millisecond; every XML part must then be
  well-formed (expat) and no sheet's used range beyond ``MAX_GRID`` cells. The values of every
  format (.xlsx/.xlsm, .xls, .ods, Strict Open XML; told by content) are read by python-calamine;
  a failure becomes an :class:`~planlib.errors.InputError` naming the file. FIFOs and devices
  are refused with one line. openpyxl is not imported to read (it still writes).
- **What calamine does not report**, found by a bounded scan of the sheet's XML (regular
  expressions over the part, and a streaming parse only where it holds a formula): a formula
  never calculated by a spreadsheet program (calamine, like a cached-value reader, gives it as
  blank: it is an error, not a silent zero), error values (``#DIV/0!``), hidden rows and the
  autofilter's span, merged ranges, and the rows that hold only empty cells.
- **Values** (``parse_*``): numbers typed as text (full-width digits, thousands separators, stray
  or full-width spaces), ``60%``, exact decimals (a float cell becomes the Fraction of its
  shortest decimal form); each parser raises :class:`BadValue` with a Chinese message, to which
  the caller adds the sheet and cell.
- **Tables** (:func:`read_table`): the header row may sit below title rows, headers may carry
  spaces or a bracketed unit (``执法人员数（人）``), blank rows are skipped, a cell merged down a
  column (typically 类别) stands for every row it spans; merged header cells are an error.
- **Saving** (:func:`save_whole`): to a temporary file beside the target, then moved into place.
"""

from planlib.io.xlsxio.book import (
    MAX_CELLS,
    MAX_FILE_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_MEMBERS,
    PROLOG_PEEK,
    WORKBOOK_SUFFIXES,
    Book,
    check_archive,
    column_index,
    open_book,
    prolog_has_dtd,
    sheet_parts,
    uncalculated_formulas,
    visible_title,
)
from planlib.io.xlsxio.save import save_whole
from planlib.io.xlsxio.table import (
    HEADER_SEARCH_ROWS,
    Table,
    coord,
    fill_merged_down,
    find_header,
    note_hidden_rows,
    read_table,
)
from planlib.io.xlsxio.values import (
    ENTITIES,
    MAX_MAGNITUDE,
    PERSONS,
    WORKDAYS,
    BadValue,
    T,
    fold,
    header_matches,
    is_blank,
    name_key,
    norm_header,
    parse_date,
    parse_name,
    parse_nonnegative,
    parse_number,
    parse_positive,
    parse_share,
    parse_text,
    parse_whole,
    parse_year,
    parse_year_header,
    show,
    strip_unit_word,
    too_large,
    with_unit_word,
)

__all__ = [
    "T",
    "MAX_MAGNITUDE",
    "BadValue",
    "fold",
    "is_blank",
    "show",
    "parse_number",
    "parse_whole",
    "too_large",
    "parse_nonnegative",
    "parse_positive",
    "parse_share",
    "PERSONS",
    "ENTITIES",
    "WORKDAYS",
    "strip_unit_word",
    "with_unit_word",
    "parse_date",
    "parse_year",
    "parse_year_header",
    "parse_text",
    "parse_name",
    "norm_header",
    "header_matches",
    "name_key",
    "WORKBOOK_SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_MEMBERS",
    "PROLOG_PEEK",
    "Book",
    "visible_title",
    "MAX_CELLS",
    "open_book",
    "sheet_parts",
    "check_archive",
    "prolog_has_dtd",
    "uncalculated_formulas",
    "column_index",
    "HEADER_SEARCH_ROWS",
    "coord",
    "Table",
    "read_table",
    "note_hidden_rows",
    "find_header",
    "fill_merged_down",
    "save_whole",
]
