"""Read any ledger file into raw sheets: every cell as text, in original row order.

The format is told from the bytes, not the name, so a .docx renamed .xlsx or a binary renamed
.csv gets a clear message instead of a crash."""
from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from . import merges as merge_ranges


class ReadError(Exception):
    """The file cannot be read at all; str(self) is the Chinese message naming the file."""


@dataclass
class RawSheet:
    name: str
    table: pa.Table          # columns c0..cN, all strings, in file order
    row_numbers: pa.Array | None = None   # 1-based row/line in the file; None: row i is row i + 1
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # merged ranges, table coordinates
    hidden: bool = False

    @property
    def num_rows(self) -> int:
        return self.table.num_rows

    def row_number(self, index: int) -> int:
        return int(self.row_numbers[index].as_py()) if self.row_numbers is not None else index + 1


# Limits against careless and hostile files (absurd widths; zip bombs: see content_check).
MAX_COLUMNS = 500
MAX_MERGES = 2_000_000      # merged ranges in one sheet (a ledger of a million rows merges far fewer)
SNIFF_LINES = 200
SAMPLE_BYTES = 1 << 20


def _zip_kind(path: Path, label: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ReadError(f"文件「{label}」已损坏，无法作为Excel工作簿打开。请重新导出后再试。") from None
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ReadError(f"文件「{label}」是Word文档，不是Excel台账。请上传.xlsx、.xls或.csv格式的台账。")
        raise ReadError(f"文件「{label}」不是Excel工作簿。请上传.xlsx、.xls或.csv格式的台账。")
    return "xlsx"


def sniff_format(path: Path, label: str) -> str:
    with open(path, "rb") as f:
        head = f.read(8192)
    if not head.strip():
        raise ReadError(f"文件「{label}」是空文件，没有任何内容。")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, label)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError(f"文件「{label}」不是文本表格也不是Excel工作簿（内容为二进制数据）。请上传.xlsx、.xls或.csv格式的台账。")
    return "csv"


def read_file(path: str | os.PathLike, label: str | None = None) -> list[RawSheet]:
    path = Path(path)
    label = label or path.name
    from .content_check import check_file   # bombs, macros, external links: one check for page and CLI
    check_file(path, label)
    kind = sniff_format(path, label)
    if kind == "csv":
        return [_read_csv(path, label)]
    return _read_workbook(path, label, kind)


def _read_workbook(path: Path, label: str, kind: str = "xlsx") -> list[RawSheet]:
    import fastexcel

    try:
        # The reader picks its format by the name: an .xls renamed .xlsx is handed over as bytes, read by content.
        reader = fastexcel.read_excel(str(path) if path.suffix.lower() == f".{kind}" else path.read_bytes())
        layouts = merge_ranges.layouts(path, kind)
        sheets = []
        for name in reader.sheet_names:
            batch = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string", eager=True)
            table = pa.Table.from_batches([batch]) if batch.num_columns else pa.table({})
            if table.num_columns > MAX_COLUMNS:
                raise ReadError(f"文件「{label}」工作表「{name}」有{table.num_columns}列，超过{MAX_COLUMNS}列的上限，不是正常的台账。")
            table = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
            layout = layouts.get(name) or merge_ranges.SheetLayout()
            if len(layout.merges) > MAX_MERGES:
                raise ReadError(f"文件「{label}」工作表「{name}」有{len(layout.merges):,}处合并单元格，超过{MAX_MERGES:,}处的上限，"
                                "不是正常的台账。")
            first_col = layout.first_column
            if first_col is None:
                first_col = merge_ranges.first_column(table, layout.merges)
            sheets.append(RawSheet(name, table, merges=merge_ranges.to_table(layout.merges, first_col, table),
                                   hidden=layout.hidden))
        return sheets
    except ReadError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    # calamine errors (encrypted, corrupt, .doc renamed .xls); a Rust panic is pyo3's PanicException, a BaseException
    except BaseException as exc:
        if not isinstance(exc, Exception):
            raise ReadError(f"文件「{label}」无法作为Excel工作簿读取（内容异常，读取程序中止）。"
                            "请确认文件未损坏，并在Excel中另存为.xlsx后再试。") from exc
        if "Cannot find Workbook stream" in str(exc):   # an OLE2 file (Word, PowerPoint …) that is no workbook
            with open(path, "rb") as f:
                word = "WordDocument".encode("utf-16-le") in f.read()
            kind = "是Word文档，不是Excel台账" if word else "不是Excel工作簿"
            raise ReadError(f"文件「{label}」{kind}。请上传.xlsx、.xls或.csv格式的台账。") from exc
        raise ReadError(f"文件「{label}」无法作为Excel工作簿读取（{type(exc).__name__}）。请确认文件未加密、未损坏，并另存为.xlsx后再试。") from exc


def _decode_head(raw: bytes, label: str, whole: bool = True) -> str:
    """The encoding of a CSV: BOM, else UTF-8 when it decodes, else GB18030 (a superset of GBK).
    whole=False: raw is a sample that may end inside a character, which is not an error."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(raw, final=whole)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ReadError(f"文件「{label}」的文字编码无法识别（应为UTF-8或GBK编码的CSV）。")


def _read_csv(path: Path, label: str) -> RawSheet:
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
        whole = not f.read(1)
    encoding = _decode_head(sample, label, whole)
    text_sample = sample.decode(encoding, errors="ignore")
    lines = text_sample.splitlines()[:SNIFF_LINES]
    delimiter = max([",", "\t", ";", "|"], key=lambda d: sum(line.count(d) for line in lines))
    sniffed = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    try:
        width = max((len(r) for r in sniffed), default=0)
    except csv.Error as exc:
        raise _csv_error(label, exc, sniffed.line_num) from None
    if width > MAX_COLUMNS:
        raise ReadError(f"文件「{label}」有{width}列，超过{MAX_COLUMNS}列的上限，不是正常的台账。")
    if width == 0:
        raise ReadError(f"文件「{label}」是空文件，没有任何内容。")
    fast = _read_csv_columnar(path, label, encoding, delimiter, width)
    if fast is not None:
        return fast
    columns: list[list[str | None]] = [[] for _ in range(width)]
    chunks: list[pa.Table] = []
    line_numbers: list[int] = []
    names = [f"c{i}" for i in range(width)]

    def flush() -> None:
        chunks.append(pa.table([pa.array(c, pa.string()) for c in columns], names=names))
        for c in columns:
            c.clear()

    try:
        with open(path, encoding=encoding, newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            for row in reader:
                if len(row) > width:
                    if len(row) > MAX_COLUMNS:
                        raise ReadError(f"文件「{label}」第{len(line_numbers) + 1}行有{len(row)}列，超过{MAX_COLUMNS}列的上限。")
                    for _ in range(len(row) - width):  # a wider row further down: widen the sheet
                        columns.append([None] * len(columns[0]))
                    names.extend(f"c{i}" for i in range(width, len(row)))
                    chunks[:] = [_widen(t, names) for t in chunks]
                    width = len(row)
                # The record's row as a spreadsheet shows it: a quoted cell with line breaks is still one row.
                line_numbers.append(len(line_numbers) + 1)
                for i in range(width):
                    columns[i].append(row[i] if i < len(row) and row[i] != "" else None)
                if len(columns[0]) >= 65536:
                    flush()
    except UnicodeDecodeError:
        raise ReadError(f"文件「{label}」含有无法识别的字符（编码不是UTF-8也不是GBK）。") from None
    except csv.Error as exc:
        raise _csv_error(label, exc, len(line_numbers) + 1) from None
    flush()
    table = pa.concat_tables(chunks)
    numbers = pa.array(line_numbers, pa.int64())
    return RawSheet(Path(label).stem or label, table, numbers)


def _read_csv_columnar(path: Path, label: str, encoding: str, delimiter: str, width: int) -> RawSheet | None:
    """The same sheet as the row-by-row reader below, parsed by pandas' C reader (several times faster). None
    when the file needs the row-by-row reader: a row wider than the sampled lines, or bytes that do not decode
    (its messages name the row)."""
    import pandas as pd

    try:
        frame = pd.read_csv(path, sep=delimiter, header=None, names=[f"c{i}" for i in range(width)], dtype=str,
                            encoding=encoding, keep_default_na=False, na_values=[""], skip_blank_lines=False,
                            engine="c", low_memory=False)
    except Exception:   # ParserError (a wider row), UnicodeDecodeError …: the row-by-row reader says what is wrong
        return None
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = pa.table([c.cast(pa.string()) for c in table.columns], names=table.column_names)
    # The record's row as a spreadsheet shows it: a quoted cell with line breaks is still one row.
    return RawSheet(Path(label).stem or label, table, pa.array(range(1, table.num_rows + 1), pa.int64()))


def _csv_error(label: str, exc: csv.Error, row: int) -> ReadError:
    where = f"第{row}行"
    if "field larger than field limit" in str(exc):
        return ReadError(f"文件「{label}」{where}有一个单元格超过{csv.field_size_limit()}个字符，不是正常的台账内容，未导入。"
                         "请检查该单元格（可能是整段文本或二进制数据被粘贴进表格）。")
    return ReadError(f"文件「{label}」{where}无法按CSV表格读取（引号或分隔符不成对）。请在Excel中打开后另存为.xlsx再试。")


def _widen(table: pa.Table, names: list[str]) -> pa.Table:
    for name in names[table.num_columns:]:
        table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    return table
