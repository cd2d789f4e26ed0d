"""Human-readable Chinese text of a computed plan.

- ``format_summary`` / ``format_findings``: the terminal summary of ``planlib compute``.
- ``plan_blocks`` / ``plan_markdown``: sections 四 (行政执法工作日测算), 五 (监督检查主体及管理对象
  基数) and 六 (监督检查安排及职责分工) in the reference plan's structure and wording, every
  figure filled from the computation (``computed_sections`` numbers them from any section);
  :mod:`planlib.text.document` sets them in the whole filed plan.
- ``plan_tables``: the plan's tables (chain, items, units, shares, findings) as plain rows
  with Chinese headers and column kinds, for the notebooks and the .xlsx. A :class:`Table`
  displays itself in a notebook (HTML and aligned text), so the notebooks' kernels never
  import pandas (about half a second each in ``planlib run``).

Only the standard library and the domain core are imported at module level: the command
line imports this on its fast path (pandas only inside :meth:`Table.to_frame`).
"""

# Number formats the old single module had in its namespace (their home is planlib.text.numbers).
from planlib.text.numbers import number, share_text
from planlib.text.report.history import NO_HISTORY, format_history_flags, has_history, history_table, staff_table
from planlib.text.report.plan_tables import (
    category_table,
    chain_table,
    findings_table,
    per_person_formula,
    plan_tables,
    shares_table,
    unit_accounts_table,
    units_table,
)
from planlib.text.report.sections import (
    BODY,
    H1,
    H2,
    H3,
    TITLE,
    Block,
    blocks_markdown,
    computed_sections,
    numeral,
    numeral_value,
    organ,
    our_area,
    plan_blocks,
    plan_markdown,
    plan_title,
    short_authority,
)
from planlib.text.report.summary import (
    NOT_COUNTED_DEFAULT,
    among_units,
    category_split,
    format_findings,
    format_summary,
    mode_name,
    not_counted_text,
    unit_account_lines,
    unit_split,
)
from planlib.text.report.table import DAYS, INT, NUMBER, PERCENT, TEXT, Column, Table, text_width

__all__ = [
    "TEXT",
    "INT",
    "DAYS",
    "NUMBER",
    "PERCENT",
    "Column",
    "Table",
    "text_width",
    "NOT_COUNTED_DEFAULT",
    "not_counted_text",
    "among_units",
    "category_split",
    "unit_split",
    "unit_account_lines",
    "mode_name",
    "format_findings",
    "format_summary",
    "TITLE",
    "H1",
    "H2",
    "H3",
    "BODY",
    "Block",
    "short_authority",
    "our_area",
    "organ",
    "numeral",
    "numeral_value",
    "plan_title",
    "computed_sections",
    "plan_blocks",
    "plan_markdown",
    "blocks_markdown",
    "per_person_formula",
    "chain_table",
    "category_table",
    "units_table",
    "unit_accounts_table",
    "shares_table",
    "findings_table",
    "plan_tables",
    "NO_HISTORY",
    "has_history",
    "staff_table",
    "history_table",
    "format_history_flags",
    "number",
    "share_text",
]
