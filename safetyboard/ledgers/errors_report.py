"""错误报告: the rejected rows of a file, as the sender wrote them, with row numbers and reasons,
for the office to send back to the 乡/街道 or department that made the ledger."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..exports import table_xlsx


def error_report_frames(results) -> dict[str, pd.DataFrame]:
    frames = {}
    for r in results:
        if not r.rejected_rows:
            continue
        headers: list[str] = []
        for row in r.rejected_rows:
            headers.extend(h for h in row["cells"] if h not in headers)
        records = [{"原表行号": row["row_number"], **{h: row["cells"].get(h) for h in headers}, "拒收原因": row["reasons"]}
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
    path = directory / f"{Path(results[0].file).stem}_错误报告.xlsx"
    path.write_bytes(data)
    return path
