"""The ledger mangler: clean canonical rows of every ledger type, written the ways 乡/街道 and departments
really send them (title rows, merged headers and cells, the unit only in the title or the sheet name, ditto
marks, 小计 rows, notes, repeated headers, legacy .xls, GBK/GB18030 CSV, a hidden dictionary sheet, full-width
digits and date spellings, 元/万元).

Every layout keeps the data: importing it must store exactly the rows its clean form stores."""
from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import xlsxwriter
import xlwt

from safetyboard import rules
from safetyboard.ledgers.spec import LEDGER_TYPES, LedgerType

Cell = str | None


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # r0, c0, r1, c1
    hidden: bool = False


@dataclass
class Book:
    stem: str
    sheets: list[Sheet]
    fmt: str = "xlsx"          # xlsx | xls | csv-gbk | csv-gb18030


# ---------------------------------------------------------------- clean rows

UNITS = [u.name for u in rules.units()]
DEPARTMENTS = list(rules.departments())
INDUSTRIES = list(rules.industries())
WORDS = "灭火器 过期 疏散通道 堵塞 配电箱 未接地 安全出口 锁闭 电气线路 乱拉 乱接 粉尘 未清理 标识 不清 护栏 缺失".split()
RARE = "䶮𠀾"   # in GB18030, not in GBK
NODES = ("第一次", "第二次", "第三次")


def _credit_code(rng: random.Random) -> str:
    body = "91410411" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + rules.credit_check_char(body)


def _date(rng: random.Random, start: dt.date = dt.date(2022, 4, 1), days: int = 180) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(days))


def _text(rng: random.Random, rare: bool) -> str:
    words = "".join(rng.sample(WORDS, 3))
    return words + (rng.choice(RARE) if rare and rng.random() < 0.3 else "")


def clean_ledger(key: str, rng: random.Random, n: int, context: list[str] | None = None,
                 rare: bool = False) -> tuple[list[str], list[list[Cell]]]:
    """(canonical header, rows) of ledger type key. context: the values the ledger's context field takes, in
    blocks of consecutive rows (one value: a ledger that is one unit's own)."""
    ledger = LEDGER_TYPES[key]
    ctx_field = ledger.context_field
    rows_by_field: list[dict[str, Cell]] = []
    enterprises = [(f"平顶山市{rng.choice('东西南北')}{rng.choice('华兴盛达')}{i}号有限公司", _credit_code(rng))
                   for i in range(max(3, n // 3))]
    for i in range(n):
        unit = rng.choice(UNITS)
        ent, code = enterprises[min(i // 3, len(enterprises) - 1)]   # blocks of rows share an enterprise
        if key == "hazards":
            found = _date(rng)
            status = rng.choice(rules.HAZARD_STATUSES)
            row = {"hazard_no": f"YH{i:04d}", "unit": unit, "enterprise": ent, "credit_code": code,
                   "industry": rng.choice(INDUSTRIES), "department": rng.choice(DEPARTMENTS),
                   "description": _text(rng, rare), "level": rng.choice(rules.HAZARD_LEVELS),
                   "found_date": found.isoformat(), "deadline": (found + dt.timedelta(days=30)).isoformat(),
                   "funds_yuan": str(rng.randrange(1, 90) / 100) if rng.random() < 0.5 else None,
                   "status": status,
                   "rectified_date": (found + dt.timedelta(days=10)).isoformat()
                   if status in rules.RECTIFIED_STATUSES else None}
        elif key == "enforcement":
            row = {"case_no": f"湛应急罚〔2022〕{i + 1}号", "department": rng.choice(DEPARTMENTS), "party": ent,
                   "credit_code": code, "unit": unit, "category_no": str(rng.randrange(1, 11)),
                   "filed_date": _date(rng).isoformat(), "measures": rng.choice(rules.MEASURES),
                   "fine_yuan": str(rng.randrange(0, 50) * 1000)}
        elif key == "supervision":
            found_n = rng.randrange(0, 6)
            row = {"group": rules.GROUPS[i % 3 if i < n // 2 else rng.randrange(6)],
                   "visit_type": rng.choice(rules.VISIT_TYPES),
                   "target": rng.choice(UNITS + DEPARTMENTS), "visit_date": _date(rng).isoformat(),
                   "problems_found": str(found_n), "problems_rectified": str(rng.randrange(0, found_n + 1))}
        elif key == "assignments":
            row = {"group": rules.GROUPS[i * 6 // n], "target": (UNITS + DEPARTMENTS)[i % len(UNITS + DEPARTMENTS)]}
        elif key == "monthly_reports":
            row = {"reporter": (UNITS + DEPARTMENTS)[i // 3], "month": f"2022-{4 + i % 3:02d}",
                   "submitted_date": f"2022-{5 + i % 7:02d}-0{1 + i % 5}",
                   "units_checked": str(rng.randrange(0, 80)), "violations_found": str(rng.randrange(0, 9)),
                   "suspended": str(rng.randrange(0, 3)), "closed": str(rng.randrange(0, 2)),
                   "fine_yuan": str(rng.randrange(0, 20) * 500), "transferred": "0",
                   "exposed_count": str(rng.randrange(0, 2))}
        elif key == "submissions":
            row = {"reporter": (UNITS + DEPARTMENTS)[i // 3], "node": NODES[i % 3],
                   "submitted_date": ("2022-04-2", "2022-05-2", "2022-10-2")[i % 3] + str(rng.randrange(0, 8))}
        elif key == "tips":
            row = {"tip_no": f"JB{i:04d}", "received_date": _date(rng).isoformat(),
                   "channel": rng.choice(rules.TIP_CHANNELS), "accused": ent, "unit": unit,
                   "category": rng.choice(["非法生产", "违规动火", "无证经营"]), "result": rng.choice(rules.TIP_RESULTS),
                   "reward_yuan": str(rng.randrange(0, 5) * 100)}
        elif key == "problems":
            found = _date(rng)
            status = rng.choice(rules.PROBLEM_STATUSES)
            row = {"problem_no": f"WT{i:04d}", "group": rules.GROUPS[i % 6], "target": rng.choice(UNITS + DEPARTMENTS),
                   "found_date": found.isoformat(), "description": _text(rng, rare),
                   "assigned_date": (found + dt.timedelta(days=2)).isoformat(),
                   "deadline": (found + dt.timedelta(days=30)).isoformat(), "status": status,
                   "rectified_date": (found + dt.timedelta(days=12)).isoformat() if status == "已整改" else None}
        elif key == "listings":
            listed = _date(rng)
            row = {"hazard_no": f"YH{i:04d}", "listing_level": rng.choice(rules.LISTING_LEVELS),
                   "listed_date": listed.isoformat(), "supervising_org": rng.choice(DEPARTMENTS),
                   "deadline": (listed + dt.timedelta(days=60)).isoformat(),
                   "delisted_date": (listed + dt.timedelta(days=40)).isoformat() if rng.random() < 0.5 else None}
        elif key == "accountability":
            row = {"action_date": (dt.date(2022, 4, 1) + dt.timedelta(days=i)).isoformat(),
                   "target": rng.choice(UNITS + DEPARTMENTS), "action_type": rng.choice(rules.ACCOUNTABILITY_TYPES),
                   "reason": _text(rng, rare), "doc_no": f"湛安委办〔2022〕{i + 1}号"}
        else:
            raise KeyError(key)
        rows_by_field.append(row)
    if context is not None and ctx_field:
        for i, row in enumerate(rows_by_field):   # contiguous blocks, one per value
            row[ctx_field] = context[i * len(context) // n]
        if key in ("monthly_reports", "submissions"):   # the natural key stays unique within one reporter
            for i, row in enumerate(rows_by_field):
                if key == "monthly_reports":
                    row["month"] = f"2022-{1 + i % 12:02d}"
                else:
                    row["node"] = NODES[i % 3]
            per = max(1, n // len(context))
            rows_by_field = [r for i, r in enumerate(rows_by_field) if i % per < (12 if key == "monthly_reports" else 3)]
    names = [f.name for f in ledger.fields if any(r.get(f.name) is not None for r in rows_by_field)]
    header = ["序号", *(ledger.field(nm).label for nm in names)]
    rows = [[str(i + 1), *(r.get(nm) for nm in names)] for i, r in enumerate(rows_by_field)]
    return header, rows


# ---------------------------------------------------------------- writing

def write(book: Book, directory: Path) -> Path:
    if book.fmt.startswith("csv"):
        path = directory / f"{book.stem}.csv"
        with open(path, "w", encoding=book.fmt.split("-")[1], newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows([[c or "" for c in r] for r in book.sheets[0].rows])
        return path
    if book.fmt == "xls":
        path = directory / f"{book.stem}.xls"
        wb = xlwt.Workbook(encoding="utf-8")
        for sheet in book.sheets:
            ws = wb.add_sheet(sheet.name)
            if sheet.hidden:
                ws.visibility = 1
            for r0, c0, r1, c1 in sheet.merges:
                ws.write_merge(r0, r1, c0, c1, sheet.rows[r0][c0])
            for r, c, v in _unmerged_cells(sheet):
                ws.write(r, c, v)
        wb.save(str(path))
        return path
    path = directory / f"{book.stem}.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for sheet in book.sheets:
        ws = wb.add_worksheet(sheet.name)
        if sheet.hidden:
            ws.hide()
        elif sheet is next(s for s in book.sheets if not s.hidden):
            ws.activate()    # the active sheet cannot be hidden
        for r0, c0, r1, c1 in sheet.merges:
            ws.merge_range(r0, c0, r1, c1, sheet.rows[r0][c0])
        for r, c, v in _unmerged_cells(sheet):
            ws.write_string(r, c, v)
    wb.close()
    return path


def _unmerged_cells(sheet: Sheet):
    """(row, column, text) of the filled cells outside every merge (writing a merge writes its anchor)."""
    covered = {(r, c) for r0, c0, r1, c1 in sheet.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(sheet.rows):
        for c, v in enumerate(row):
            if v is not None and (r, c) not in covered:
                yield r, c, v


# ---------------------------------------------------------------- layouts

@dataclass
class Layout:
    name: str
    build: Callable[["Case"], Book]
    context: bool = False          # needs a ledger whose context field it can leave out
    units: int = 1                 # context values (sheets) when context is True
    rare: bool = False             # text only GB18030 can hold


@dataclass
class Case:
    ledger: LedgerType
    header: list[str]
    rows: list[list[Cell]]
    rng: random.Random
    context_value: list[str] | None = None

    def clean(self) -> Book:
        return Book("台账", [Sheet("台账", [self.header, *self.rows])])

    def col(self, label: str) -> int:
        return self.header.index(label)

    def field_kind(self, label: str) -> str | None:
        f = next((f for f in self.ledger.fields if f.label == label), None)
        return f.kind if f else None

    def without_context(self) -> tuple[list[str], list[list[Cell]]]:
        label = self.ledger.field(self.ledger.context_field).label
        j = self.col(label)
        return self.header[:j] + self.header[j + 1:], [r[:j] + r[j + 1:] for r in self.rows]


def _title(case: Case) -> list[list[Cell]]:
    width = len(case.header)
    return [[f"湛河区2022年{case.ledger.label}"] + [None] * (width - 1),
            ["统计时间：2022年10月31日"] + [None] * (width - 1)]


def title_rows(case: Case) -> Book:
    return Book("标题", [Sheet("Sheet1", [*_title(case), [None] * len(case.header), case.header, *case.rows])])


def two_row_header(case: Case) -> Book:
    width = len(case.header)
    k = max(1, width - 3)
    group = "整改情况" if case.ledger.key == "hazards" else "办理情况"
    top = case.header[:k] + [group] + [None] * (width - k - 1)
    bottom = [None] * k + case.header[k:]
    merges = [(0, j, 1, j) for j in range(k)] + [(0, k, 0, width - 1)] if width - k > 1 else []
    merges = merges or [(0, j, 1, j) for j in range(k)]
    return Book("两行表头", [Sheet("台账", [top, bottom, *case.rows], merges)])


def _runs(rows: list[list[Cell]], j: int, first: int) -> list[tuple[int, int, int, int]]:
    """Vertical merges over runs of equal values in column j (rows offset by first)."""
    out, start = [], 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][j] != rows[start][j] or rows[start][j] is None:
            if i - start > 1 and rows[start][j] is not None:
                out.append((first + start, j, first + i - 1, j))
            start = i
    return out


def _mergeable(case: Case) -> list[int]:
    """Columns whose equal neighbours a sender merges: everything but the row's own number (隐患编号, 序号 …)."""
    return [j for j, h in enumerate(case.header) if case.field_kind(h) not in ("id", "ignore", "date", "count", "money")]


def merged_cells(case: Case) -> Book:
    rows = [list(r) for r in case.rows]
    merges = [m for j in _mergeable(case) for m in _runs(rows, j, 2)]
    return Book("合并单元格", [Sheet("台账", [_title(case)[0], case.header, *rows], merges)])


def _context_title(value: str, kind_unit: bool) -> str:
    written = f"湛河区{value}人民政府" if value.endswith("乡") else (f"湛河区{value}办事处" if kind_unit else f"湛河区{value}")
    return f"填报单位（盖章）：{written}"


def unit_in_title(case: Case) -> Book:
    header, rows = case.without_context()
    value = case.context_value[0]
    width = len(header)
    line = [_context_title(value, value in UNITS), None, None, "填报日期：2022年10月8日"][:max(width, 1)]
    line += [None] * (width - len(line))
    return Book("隐患台账", [Sheet("Sheet1", [[case.ledger.label] + [None] * (width - 1), line, header, *rows])])


def unit_in_sheet_name(case: Case) -> Book:
    header, rows = case.without_context()
    return Book("台账汇总", [Sheet(case.context_value[0], [header, *rows])])


def sheet_per_unit(case: Case) -> Book:
    header, rows = case.without_context()
    j = case.col(case.ledger.field(case.ledger.context_field).label)
    sheets = []
    for value in case.context_value:
        picked = [r for r, full in zip(rows, case.rows) if full[j] == value]
        sheets.append(Sheet(value, [header, *picked]))
    return Book("各乡街道", sheets)


DITTO = ["同上", "同前", "〃", '"', "“", "”"]


def ditto_marks(case: Case) -> Book:
    rows = [list(r) for r in case.rows]
    for j in _mergeable(case):
        for i in range(len(rows) - 1, 0, -1):
            if rows[i][j] is not None and rows[i][j] == case.rows[i - 1][j] and case.rng.random() < 0.8:
                rows[i][j] = case.rng.choice(DITTO)
    return Book("同上", [Sheet("台账", [case.header, *rows])])


def subtotal_rows(case: Case) -> Book:
    out, width = [], len(case.header)
    for i, row in enumerate(case.rows):
        out.append(row)
        if i % 4 == 3:
            sub = [None] * width
            sub[case.rng.randrange(0, min(3, width - 1))] = case.rng.choice(["小计", "小计：", "合计"])
            sub[-1] = str(4)
            out.append(sub)
    return Book("小计", [Sheet("台账", [case.header, *out])])


def notes_under(case: Case) -> Book:
    width = len(case.header)
    pad = [None] * (width - 1)
    notes = [[None] * width, ["注：1. 本表由各单位每月25日前报送；2. 隐患等级分为一般和重大。"] + pad,
             ["填表人：张三", "审核人：李四", "联系电话：0375-1234567"] + [None] * (width - 3),
             ["单位负责人（签字）："] + pad]
    return Book("附注", [Sheet("台账", [case.header, *case.rows, *notes])])


def repeated_header(case: Case) -> Book:
    out = []
    for i, row in enumerate(case.rows):
        if i and i % 7 == 0:
            out.append(list(case.header))
        out.append(row)
    return Book("分页表头", [Sheet("台账", [case.header, *out])])


def legacy_xls(case: Case) -> Book:
    book = merged_cells(case)
    book.fmt, book.stem = "xls", "旧版"
    return book


def csv_gbk(case: Case) -> Book:
    return Book("gbk", [Sheet("gbk", [case.header, *case.rows])], "csv-gbk")


def csv_gb18030(case: Case) -> Book:
    return Book("gb18030", [Sheet("gb18030", [*_title(case), case.header, *case.rows])], "csv-gb18030")


def hidden_dictionary(case: Case) -> Book:
    lists = [["所属乡(街道)", "隐患等级", "整改状态", "督导组", "督导对象"]]
    for i in range(max(len(UNITS), 6)):
        lists.append([UNITS[i] if i < len(UNITS) else None, rules.HAZARD_LEVELS[i] if i < 2 else None,
                      rules.HAZARD_STATUSES[i] if i < 4 else None, rules.GROUPS[i] if i < 6 else None,
                      UNITS[i] if i < len(UNITS) else None])
    return Book("带字典", [Sheet("字典", lists, hidden=True), Sheet("台账", [case.header, *case.rows])])


_FULL = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
DATE_SPELLINGS = [lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: f"{d.year}/{d.month}/{d.day}",
                  lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}", lambda d: f"{d:%Y%m%d}",
                  lambda d: f"{d.year}-{d.month}-{d.day}", lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日"]


def fullwidth_dates(case: Case) -> Book:
    rows = [list(r) for r in case.rows]
    for j, h in enumerate(case.header):
        kind = case.field_kind(h)
        for row in rows:
            if row[j] is None:
                continue
            if kind == "date":
                row[j] = case.rng.choice(DATE_SPELLINGS)(dt.date.fromisoformat(row[j]))
            if kind in ("date", "count", "money") and case.rng.random() < 0.5:
                row[j] = row[j].translate(_FULL)
    return Book("全角日期", [Sheet("台账", [case.header, *rows])])


def money_units(case: Case) -> Book:
    header, rows = list(case.header), [list(r) for r in case.rows]
    for j, h in enumerate(case.header):
        f = next((f for f in case.ledger.fields if f.label == h), None)
        if f is None or f.kind != "money":
            continue
        to_wan = f.money_unit == "元"
        header[j] = f"{h.split('(')[0]}（{'万元' if to_wan else '元'}）"
        for row in rows:
            if row[j] is None:
                continue
            yuan = float(row[j]) * (1 if to_wan else 10_000)
            if case.rng.random() < 0.3:     # a cell that names its own unit wins over the header
                row[j] = f"{yuan:g}元"
            else:
                row[j] = f"{yuan / 10_000:g}" if to_wan else f"{yuan:g}"
    return Book("金额单位", [Sheet("台账", [header, *rows])])


LAYOUTS = [
    Layout("title_rows", title_rows),
    Layout("two_row_header", two_row_header),
    Layout("merged_cells", merged_cells),
    Layout("unit_in_title", unit_in_title, context=True),
    Layout("unit_in_sheet_name", unit_in_sheet_name, context=True),
    Layout("sheet_per_unit", sheet_per_unit, context=True, units=3),
    Layout("ditto_marks", ditto_marks),
    Layout("subtotal_rows", subtotal_rows),
    Layout("notes_under", notes_under),
    Layout("repeated_header", repeated_header),
    Layout("legacy_xls", legacy_xls),
    Layout("csv_gbk", csv_gbk),
    Layout("csv_gb18030", csv_gb18030, rare=True),
    Layout("hidden_dictionary", hidden_dictionary),
    Layout("fullwidth_dates", fullwidth_dates),
    Layout("money_units", money_units),
]


def make_case(key: str, layout: Layout, seed: int, n: int = 24) -> Case | None:
    """None when the layout does not apply to the type (no context field to leave out)."""
    ledger = LEDGER_TYPES[key]
    if layout.context and not ledger.context_field:
        return None
    # The clean rows depend only on what the layout needs of them, so layouts share their clean import.
    data_rng = random.Random(f"{key}/{layout.context}/{layout.units}/{layout.rare}/{seed}")
    context = None
    if layout.context:
        kind = ledger.field(ledger.context_field).kind
        pool = {"unit": UNITS, "department": DEPARTMENTS, "reporter": UNITS + DEPARTMENTS}[kind]
        context = data_rng.sample(pool, layout.units)
    header, rows = clean_ledger(key, data_rng, n, context, layout.rare)
    return Case(ledger, header, rows, random.Random(f"{key}/{layout.name}/{seed}"), context)

# Where the context value of the layouts that leave its column out comes from.
SOURCES_BY_LAYOUT = {"unit_in_title": "title", "unit_in_sheet_name": "sheet", "sheet_per_unit": "sheet"}
