"""错误报告: the rejected rows of a file, as the sender wrote them, with row numbers and reasons,
for the office to send back to the 乡/街道 or department that made the ledger."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from ..exports import table_xlsx


# The reader renders an Excel date cell as text "2022-11-20 00:00:00"; the sender typed a date.
_EXCEL_MIDNIGHT = re.compile(r"(\d{4})-(\d{2})-(\d{2}) 00:00:00")


def original_cell(value):
    """A rejected row's cell as the sender saw it: an Excel date (midnight) as a date, anything else unchanged."""
    m = _EXCEL_MIDNIGHT.fullmatch(value) if isinstance(value, str) else None
    if m:
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            pass
    return value


def error_report_frames(results) -> dict[str, pd.DataFrame]:
    frames = {}
    for r in results:
        if not r.rejected_rows:
            continue
        headers: list[str] = []
        for row in r.rejected_rows:
            headers.extend(h for h in row["cells"] if h not in headers)
        records = [{"原表行号": row["row_number"], **{h: original_cell(row["cells"].get(h)) for h in headers}, "拒收原因": row["reasons"]}
                   for row in r.rejected_rows]
        frames[r.sheet or "拒收行"] = pd.DataFrame.from_records(records, columns=["原表行号", *headers, "拒收原因"])
    return frames


def error_report_bytes(results) -> bytes | None:
    frames = error_report_frames(results)
    if not frames:
        return None
    file_name = results[0].file
    return table_xlsx(frames, title=f"台账「{file_name}」拒收行错误报告",
                      filters=["以下各行未能导入，请按“拒收原因”修改后重新报送。原表行号为原文件中的行号。"])


def write_error_report(results, directory: Path) -> Path | None:
    data = error_report_bytes(results)
    if data is None:
        return None
    directory.mkdir(parents=True, exist_ok=True)
    stem = Path(results[0].file).stem
    # Never over an existing report: two files of one name (马庄/隐患.xlsx, 曹镇/隐患.xlsx) get one report each.
    for n in range(1, 10_000):
        path = directory / (f"{stem}_错误报告.xlsx" if n == 1 else f"{stem}_错误报告_{n}.xlsx")
        try:
            with open(path, "xb") as out:
                out.write(data)
            return path
        except FileExistsError:
            continue
    raise OSError(f"目录「{directory}」中「{stem}」的错误报告过多，请先清理。")
