"""Generate large hazard ledgers for benchmarks (never committed: written under bench/data/).

Not only clean rows: 1 % carry an impossible date and 0.2 % an empty 隐患描述 (rejected), each enterprise's
hazards come in blocks of three, and in the .xlsx every tenth block has its 单位名称 and 信用代码 merged.
previous_rows() are the first 5 % of the same ledger with older statuses: imported first, they are replaced."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import xlsxwriter

from safetyboard import rules

HEADER = ["序号", "隐患编号", "所属乡（街道）", "单位名称", "统一社会信用代码", "行业领域", "监管部门", "隐患描述", "隐患等级",
          "发现日期", "整改时限", "整改责任人", "整改措施", "整改资金（万元）", "应急预案", "整改状态", "整改完成日期", "挂牌督办"]
STATUSES = ["已整改", "已销号", "整改中", "未整改", "完成", "正在整改"]
DATE_STYLES = ["{:%Y-%m-%d}", "{:%Y/%m/%d}", "{d.year}年{d.month}月{d.day}日", "{:%Y%m%d}"]


def _credit(i: int) -> str:
    body = f"91410411MA{i:07d}"[:17]
    body = body.replace("I", "1").replace("O", "0").replace("S", "5").replace("V", "U").replace("Z", "2")
    return body + rules.credit_check_char(body)


def rows(n: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    units = [u.name for u in rules.units()]
    aliases = [n.replace("街道", "办事处") for n in units]
    depts = list(rules.departments())
    industries = list(rules.industries())
    enterprises = 50_000
    credits = [_credit(i) for i in range(enterprises)]
    start = dt.date(2022, 4, 1)
    unit_i = rng.integers(0, len(units), n)
    ent_i = np.repeat(rng.integers(0, enterprises, n // BLOCK + 1), BLOCK)[:n]   # an enterprise's hazards together
    days = rng.integers(0, 240, n)
    major = rng.random(n) < 0.03
    status_i = rng.choice(len(STATUSES), n, p=[0.55, 0.2, 0.1, 0.1, 0.03, 0.02])
    style_i = rng.integers(0, len(DATE_STYLES), n)
    for i in range(n):
        found = start + dt.timedelta(days=int(days[i]))
        deadline = found + dt.timedelta(days=30)
        status = STATUSES[status_i[i]]
        done = found + dt.timedelta(days=10) if status in ("已整改", "已销号", "完成") else None
        fmt = DATE_STYLES[style_i[i]]
        unit = units[unit_i[i]] if i % 3 else aliases[unit_i[i]]
        found_text = "2022/13/45" if i % 100 == 57 else fmt.format(found, d=found)
        yield [i + 1, f"B-{i:08d}", unit, f"企业{ent_i[i]:05d}", credits[ent_i[i]], industries[i % len(industries)],
               depts[i % len(depts)], "" if i % 500 == 123 else f"隐患描述{i % 997}", "重大" if major[i] else "一般",
               found_text, f"{deadline:%Y-%m-%d}", "张三" if major[i] else "", "整改措施" if major[i] else "",
               "1.5" if major[i] else "", "有" if major[i] else "", status, f"{done:%Y-%m-%d}" if done else "",
               "区级" if major[i] and i % 5 == 0 else "否"]


BLOCK = 3
MERGED = (3, 4)    # 单位名称, 统一社会信用代码


def write_xlsx(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("隐患台账")
    ws.write_row(0, 0, ["湛河区隐患排查整治台账（2022年，基准测试数据）"])
    ws.write_row(1, 0, HEADER)
    for r, row in enumerate(rows(n), start=2):
        i = r - 2
        merged = (i // BLOCK) % 10 == 0 and i % BLOCK and i // BLOCK < n // BLOCK
        ws.write_row(r, 0, [None if merged and j in MERGED else v for j, v in enumerate(row)])
        if merged and i % BLOCK == BLOCK - 1:
            # constant_memory cannot go back to a block's first row: record the ranges directly
            ws.merge.extend([r - BLOCK + 1, j, r, j] for j in MERGED)
    wb.close()
    return path


def previous_rows(n: int):
    """The first 5 % of rows(n), imported before the benchmark so that the benchmark replaces them."""
    for i, row in enumerate(rows(n)):
        if i >= n // 20:
            return
        yield [*row[:15], "未整改", *row[16:]]


def write_previous_csv(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(previous_rows(n))
    return path


def write_gbk_csv(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="gbk", newline="") as f:
        w = csv.writer(f)
        w.writerow(["湛河区隐患排查整治台账（2022年，基准测试数据）"])
        w.writerow(HEADER)
        w.writerows(rows(n))
    return path
