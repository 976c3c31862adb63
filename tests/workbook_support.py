"""Ledger files written for tests: .xlsx (xlsxwriter), a hand-built Excel 97-2003 .xls and OLE2 container, the
hand-made 马庄街道 hazard workbook, and readers of what the importer parsed from them."""
import datetime as dt
import struct
from pathlib import Path

import xlsxwriter

from mangler_support import Book, Sheet, write

from safetyboard.ledgers.importer import prepare

# The ledger types a message lists when a file holds none of them, in the spec's order.
EXPECTED_TYPES = ("隐患排查整治台账、行政执法案件台账、督导检查记录、督导组分工、打非治违月报、自查报告报送、举报受理台账、"
                  "督导发现问题清单、挂牌督办登记、约谈通报问责记录、生产经营单位名录、生产安全事故台账")


# ---------------------------------------------------------------- fixture writers

def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[tuple]] | None = None) -> Path:
    """sheets: name -> rows (None = empty cell; str, int/float and datetime cells keep their Excel type)."""
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, c1, r2, c2, text in (merges or {}).get(name, []):
            ws.merge_range(r, c1, r2, c2, text)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, dt.datetime):
                    ws.write_datetime(i, j, v, date_format)
                elif isinstance(v, (int, float)):
                    ws.write_number(i, j, v)
                else:
                    ws.write_string(i, j, v)
    wb.close()
    return path


def _rec(rtype: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def _bof(kind: int) -> bytes:
    return _rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def biff8_xls(sheets: dict[str, list[list]]) -> bytes:
    """A real Excel 97-2003 (.xls, BIFF8) workbook: strings in a shared string table, numbers as NUMBER records.
    (No xlwt or LibreOffice here, so the few records a reader needs are written by hand.)"""
    strings: list[str] = []
    index: dict[str, int] = {}
    for rows in sheets.values():
        for row in rows:
            for v in row:
                if isinstance(v, str) and v not in index:
                    index[v] = len(strings)
                    strings.append(v)
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings)
    bodies = []
    for rows in sheets.values():
        width = max((len(r) for r in rows), default=0)
        body = _bof(0x0010) + _rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, str):
                    body += _rec(0x00FD, struct.pack("<HHHI", r, c, 0, index[v]))
                elif v is not None:
                    body += _rec(0x0203, struct.pack("<HHHd", r, c, 0, float(v)))
        bodies.append(body + _rec(0x000A))

    def boundsheets(offsets):
        return b"".join(_rec(0x0085, struct.pack("<IBBBB", off, 0, 0, len(n), 1) + n.encode("utf-16-le"))
                        for off, n in zip(offsets, sheets))

    head = _bof(0x0005) + _rec(0x0042, struct.pack("<H", 1200))
    tail = _rec(0x00FC, sst) + _rec(0x000A)
    pos = len(head) + len(boundsheets([0] * len(sheets))) + len(tail)
    offsets = []
    for body in bodies:
        offsets.append(pos)
        pos += len(body)
    return compound_file("Workbook", head + boundsheets(offsets) + tail + b"".join(bodies))


def compound_file(stream_name: str, stream: bytes) -> bytes:
    """An OLE2 compound file (what .xls and .doc are) holding one stream, kept >= 4096 bytes (no mini stream)."""
    size = max(len(stream), 4096)
    stream = stream.ljust(size, b"\x00")
    stream += b"\x00" * (-len(stream) % 512)
    n = len(stream) // 512
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(n - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name, kind, child, start, length):
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBBIII", len(raw), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child)
                + b"\x00" * 36 + struct.pack("<III", start, length, 0))

    directory = (entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry(stream_name, 2, 0xFFFFFFFF, 2, size)
                 + entry("", 0, 0xFFFFFFFF, 0, 0) * 2)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<10I", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0, 0)
              + b"\xff" * 4 * 108)
    return header + struct.pack("<128I", *fat) + directory + stream


def parsed_sheets(path: Path, forced: str | None = None) -> dict:
    return {p.raw.name: p for p in prepare(path, path.name, forced)}


def values(p, *names) -> list[tuple]:
    cols = [p.parsed.columns[n].to_pylist() for n in names]
    return list(zip(*cols))


# ---------------------------------------------------------------- the hand-made hazard workbook

HAZARD_TOP = ["序号", "隐患编号", "所属乡（街道）", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况", None, None,
              None, "挂牌督办", "备注"]
HAZARD_BOTTOM = [None, None, None, None, None, None, None, "整改时限", "整改状态", "完成日期", "整改资金（万元）", None, None]


def hazard_rows() -> list[list]:
    """Excel rows 1..16 of the 隐患 sheet."""
    return [
        ["湛河区马庄街道隐患排查整治台账（2022年）"],                                  # 1 title (merged)
        ["填报单位：马庄街道安监办", None, None, None, None, None, "填报日期：2022年11月5日"],  # 2
        HAZARD_TOP,                                                                     # 3 header, top
        HAZARD_BOTTOM,                                                                  # 4 header, bottom
        list(range(1, 14)),                                                             # 5 column numbers
        [1, "H01", "马庄街道办事处", "企业A", "灭火器过期", "一般", dt.datetime(2022, 4, 25), 44681, "已完成",
         "2022.4.28", 0.5, "否", None],                                                 # 6
        [2, "H02", "马庄", "企业B", "粉尘涉爆", "重大隐患", "2022年5月1日", "2022/6/1", "整改中", None, "12",
         "区级", "备注x"],                                                               # 7
        [None] * 13,                                                                    # 8 blank
        [3, "H03", "湛南街道", "企业C", "临边无防护", "一般", "20220501", None, "未整改", None, None, None, None],  # 9
        [4, "H04", " 马 庄 ", "企业D", "配电箱未接地", "一般事故隐患", "2022-05-02 09:30", "5月30日", "待整改",
         None, None, None, None],                                                       # 10
        ["小计", None, None, None, None, None, None, None, None, None, 12.5],            # 11
        [5, "H05", "曹镇乡人民政府", "企业E", "软管老化", "一般", "2022-05-03", "2022-06-03", "销号", "6月1日",
         None, None, None],                                                             # 12
        ["合计", None, "5项"],                                                           # 13
        [None],                                                                         # 14 blank
        ["注：1.隐患等级分为一般、重大。"],                                               # 15 note
        ["填表人：王五", None, None, "审核人：赵六", None, None, "联系电话：13900000000"],  # 16 signature line
    ]


def write_hazard_workbook(directory: Path) -> Path:
    enforcement = [["2022年执法案件台账"], ["案件编号", "执法部门", "当事人", "立案日期", "罚款金额（万元）"],
                   ["平湛应急罚〔2022〕1号", "区应急管理局", "企业A", "2022-05-10", "5.2"]]
    return write_xlsx(directory / "马庄街道台账.xlsx", {
        "隐患": hazard_rows(),
        "填表说明": [["填表说明"], ["1. 隐患等级填写一般或重大"]],
        "统计": [["行业领域", "排查单位数", "一般隐患数", "备注"], ["工贸", "3", "2", None]],
        "空表": [],
        "执法": enforcement,
    }, merges={"隐患": [(0, 0, 0, 12, "湛河区马庄街道隐患排查整治台账（2022年）"), (2, 7, 2, 10, "整改情况"),
                        (2, 0, 3, 0, "序号"), (2, 11, 3, 11, "挂牌督办")]})


# ---------------------------------------------------------------- a sheet as a 乡/街道 sends it (merged cells, ditto marks, the unit in the title)

LAYOUT_HEADER = ["单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"]


def book(path, rows, merges=(), sheet="Sheet1"):
    """rows: lists of cells (None = empty); merges: (r0, c0, r1, c1) written as merged ranges."""
    return write(Book(path.stem, [Sheet(sheet, rows, list(merges))]), path.parent)


def stored_hazards(store):
    return store.con.execute("SELECT unit, enterprise, description, level, CAST(found_date AS VARCHAR), status"
                             " FROM hazards ORDER BY source_row").fetchall()
