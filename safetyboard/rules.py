"""Value rules: each vocabulary and parser is defined here once and used by the importer, the
templates, the demo data tests and the queries' reference tables.

Every parser takes one cell as text and returns the normalised value, or raises ValueRejected
with the Chinese reason (without the field name: the caller adds it)."""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import district
from .config import REFERENCE_DIR, load_campaign


class ValueRejected(ValueError):
    """A cell that cannot be understood; str(self) is the Chinese reason (after the field name)."""


# ---------------------------------------------------------------- text folding

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """NFKC (full-width to half-width, full-width brackets), trimmed, inner whitespace removed."""
    if text is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))


def clean_text(text: str | None) -> str | None:
    """Free text: NFKC, trimmed, runs of whitespace collapsed. Empty -> None."""
    if text is None:
        return None
    value = _SPACES.sub(" ", unicodedata.normalize("NFKC", str(text))).strip()
    return value or None


def fold_name(text: str | None) -> str:
    """Key for matching enterprises by name: folded, brackets unified, case-insensitive."""
    return fold(text).replace("(", "").replace(")", "").upper()


# Column-wise forms of fold / clean_text / fold_name for columns where nearly every cell differs
# (descriptions, ids, names): the same rules in Arrow compute. RE2's \s is ASCII only, so the class
# adds what Python's str.isspace also counts as white space.
_WS = r"[\s\x{1c}-\x{1f}\x{85}\p{Z}]"


def fold_array(values):
    import pyarrow.compute as pc
    folded = pc.replace_substring_regex(pc.utf8_normalize(values, "NFKC"), _WS + "+", "")
    return pc.fill_null(folded, "")


def clean_text_array(values):
    import pyarrow as pa
    import pyarrow.compute as pc
    text = pc.replace_substring_regex(pc.utf8_normalize(values, "NFKC"), _WS + "+", " ")
    text = pc.replace_substring_regex(text, "^ | $", "")
    return pc.if_else(pc.equal(pc.utf8_length(text), 0), pa.scalar(None, pa.string()), text)


def fold_name_array(values):
    import pyarrow.compute as pc
    return pc.utf8_upper(pc.replace_substring_regex(fold_array(values), r"[()]", ""))


# ---------------------------------------------------------------- units (乡/街道)

UNIT_SUFFIXES = ("街道办事处", "乡人民政府", "人民政府", "乡政府", "办事处", "政府", "街道", "乡")
def _place_prefixes() -> tuple[str, ...]:
    d = district.current()
    return ("河南省", d.city_name, d.name)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    lon: float
    lat: float


@lru_cache(maxsize=1)
def units() -> tuple[Unit, ...]:
    """The configured district's 乡/街道 (data/district.toml)."""
    return tuple(Unit(r["code"], r["name"], r["type"], r["lon"], r["lat"]) for r in district.unit_rows())


def _strip_prefixes(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _place_prefixes():
            if text.startswith(prefix) and len(text) > len(prefix):
                text, changed = text[len(prefix):], True
    return text


def _unit_stem(text: str) -> str:
    text = _strip_prefixes(fold(text))
    for suffix in UNIT_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


@lru_cache(maxsize=1)
def _unit_index() -> dict[str, Unit]:
    index: dict[str, Unit] = {}
    rows = district.unit_rows()
    by_code = {u.code: u for u in units()}
    for r in rows:
        unit = by_code[r["code"]]
        for written in [r["name"], *r["aliases"].split("|")]:
            if written:
                index[_unit_stem(written)] = unit
        index[r["code"]] = unit
        index[r["code"][:9]] = unit
    return index


def resolve_unit(text: str | None) -> Unit | None:
    if not text:
        return None
    folded = fold(text)
    return _unit_index().get(folded) or _unit_index().get(_unit_stem(folded))


def parse_unit(text: str) -> Unit:
    unit = resolve_unit(text)
    if unit is None:
        raise ValueRejected(f"「{text}」不是{district.current().name}的乡/街道")
    return unit


# ---------------------------------------------------------------- departments and industries

def _dept_stem(text: str) -> str:
    text = _strip_prefixes(fold(text))
    if text.startswith("区") and len(text) > 2:
        text = text[1:]
    return text


@lru_cache(maxsize=1)
def _named_index(file: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """(canonical names, stem -> canonical) from a name,aliases CSV."""
    names, index = [], {}
    with open(REFERENCE_DIR / file, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            names.append(r["name"])
            for written in [r["name"], *(r["aliases"] or "").split("|")]:
                if written:
                    index[_dept_stem(written)] = r["name"]
    return tuple(names), index


def departments() -> tuple[str, ...]:
    return _named_index("departments.csv")[0]


@lru_cache(maxsize=1)
def supervising_departments() -> frozenset[str]:
    """The member departments marked 负有安全监管职责 in departments.csv (who owe 典型执法案例 each quarter)."""
    with open(REFERENCE_DIR / "departments.csv", encoding="utf-8") as f:
        return frozenset(r["name"] for r in csv.DictReader(f) if parse_yesno(r["负有安全监管职责"]))


def industries() -> tuple[str, ...]:
    return _named_index("industries.csv")[0]


def resolve_department(text: str | None) -> str | None:
    """Canonical member-department name, or None when it is not a member department."""
    if not text:
        return None
    return _named_index("departments.csv")[1].get(_dept_stem(text))


def normalise_department(text: str) -> tuple[str, bool]:
    """(name, is_member). Departments outside the member list are kept as written (folded): stripping
    a leading 区 is only safe for names known to be member departments (区委宣传部 is not 委宣传部)."""
    canonical = resolve_department(text)
    return (canonical, True) if canonical else (fold(text), False)


def normalise_industry(text: str) -> str:
    return _named_index("industries.csv")[1].get(_dept_stem(text), clean_text(text) or "")


# ---------------------------------------------------------------- organisations (报送单位, 督导对象)

ORG_UNIT, ORG_DEPARTMENT, ORG_ENTERPRISE = "乡/街道", "部门", "企业"


def resolve_org(text: str) -> tuple[str, str] | None:
    """(canonical name, kind) for a 乡/街道 or member department, else None."""
    unit = resolve_unit(text)
    if unit:
        return unit.name, ORG_UNIT
    dept = resolve_department(text)
    if dept:
        return dept, ORG_DEPARTMENT
    return None


def orgs_named_in(text: str | None, kinds: tuple[str, ...] = (ORG_UNIT, ORG_DEPARTMENT)) -> set[tuple[str, str]]:
    """Every (canonical name, kind) a free text names: a title line, a sheet or a file name. An exact alias
    first; else every alias the text contains (曹镇乡隐患台账 names 曹镇乡)."""
    if not text:
        return set()
    exact = resolve_org(text)
    if exact and exact[1] in kinds:
        return {exact}
    folded = _strip_prefixes(fold(text))
    found = set()
    if ORG_UNIT in kinds:
        found |= {(u.name, ORG_UNIT) for stem, u in _unit_index().items() if not stem.isdigit() and stem in folded}
    if ORG_DEPARTMENT in kinds:
        found |= {(name, ORG_DEPARTMENT) for stem, name in _named_index("departments.csv")[1].items() if stem in folded}
    return found


def parse_reporter(text: str) -> tuple[str, str]:
    org = resolve_org(text)
    if org is None:
        raise ValueRejected(f"「{text}」不是{district.current().name}的乡/街道或区安委会成员单位")
    return org


# ---------------------------------------------------------------- ditto marks

# A cell holding only one of these (trimmed) takes the value above it in its column. 〃 is the ditto sign;
# a Chinese input method types the quote as “, ” or the full-width ＂.
DITTO_MARKS = ("同上", "同前", "〃", '"', "“", "”", "＂")


# ---------------------------------------------------------------- vocabularies

def _vocab(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out = {}
    for canonical, written in mapping.items():
        for w in (canonical, *written):
            out[fold(w)] = canonical
    return out


HAZARD_STATUSES = ("未整改", "整改中", "已整改", "已销号")
RECTIFIED_STATUSES = ("已整改", "已销号")
STATUS_VOCAB = _vocab({
    "已整改": ("已完成", "完成", "整改完成", "完成整改", "已整改完毕", "已整改完成", "整改完毕"),
    "已销号": ("销号", "已销号"),
    "整改中": ("正在整改", "整改中"),
    "未整改": ("未完成", "待整改", "未整改"),
})
HAZARD_LEVELS = ("一般", "重大")
LEVEL_VOCAB = _vocab({"一般": ("一般隐患", "一般事故隐患"), "重大": ("重大隐患", "重大事故隐患")})
LISTED_LEVELS = ("否", "区级", "市级", "省级")
LISTED_VOCAB = _vocab({
    "否": ("无", "未挂牌", "不挂牌", "N", "0"),
    "区级": ("区级挂牌", "区级挂牌督办", "区挂牌", "区"),
    "市级": ("市级挂牌", "市级挂牌督办", "市挂牌", "市"),
    "省级": ("省级挂牌", "省级挂牌督办", "省挂牌", "省"),
})
DISCOVERY_METHODS = ("企业自查", "部门检查", "督导检查", "举报", "专家会诊")
DISCOVERY_VOCAB = _vocab({
    "企业自查": ("自查",), "部门检查": ("执法检查", "监管检查", "检查"), "督导检查": ("督导",),
    "举报": ("群众举报", "举报核查"), "专家会诊": ("专家检查", "专家",),
})
MEASURES = ("罚款", "警告", "责令改正", "停产停业整顿", "关闭取缔", "暂扣证照", "吊销证照", "查封扣押", "移送司法", "联合惩戒")
MEASURE_VOCAB = _vocab({
    "罚款": (), "警告": (), "责令改正": ("责令整改", "责令限期改正", "限期整改"),
    "停产停业整顿": ("停产整顿", "停业整顿", "责令停产停业整顿", "停产停业"),
    "关闭取缔": ("关闭", "取缔", "依法关闭", "提请关闭"), "暂扣证照": ("暂扣许可证", "暂扣"),
    "吊销证照": ("吊销许可证", "吊销"), "查封扣押": ("查封", "扣押"),
    "移送司法": ("移送司法机关", "移送公安", "移交司法"), "联合惩戒": ("失信惩戒",),
})
VISIT_TYPES = ("督导检查", "回头看")
VISIT_TYPE_VOCAB = _vocab({"督导检查": ("督导", "检查", "督查"), "回头看": ("回头看检查", "回头看督导")})
TIP_CHANNELS = ("12350", "12345政务热线", "举报电话", "网站", "来信", "来访")
CHANNEL_VOCAB = _vocab({
    "12350": ("12350热线", "12350举报电话"), "12345政务热线": ("12345", "12345热线", "市长热线"),
    "举报电话": ("电话",), "网站": ("网络", "网上举报", "微信", "邮箱"), "来信": ("信件",), "来访": ("走访", "当面"),
})
TIP_RESULTS = ("属实", "不属实", "核查中")
TIP_RESULT_VOCAB = _vocab({"属实": ("基本属实", "部分属实"), "不属实": ("不实",), "核查中": ("正在核查", "待核查", "调查中")})
YES_VOCAB = _vocab({"是": ("√", "✓", "✔", "Y", "YES", "1", "有", "TRUE"), "否": ("×", "✗", "N", "NO", "0", "无", "FALSE")})
TARGET_KINDS = (ORG_UNIT, ORG_DEPARTMENT, ORG_ENTERPRISE)
TARGET_KIND_VOCAB = _vocab({
    ORG_UNIT: ("乡(街道)", "乡街道", "街道", "乡镇", "乡镇(街道)", "乡办"),
    ORG_DEPARTMENT: ("部门", "成员单位", "区直部门", "单位"), ORG_ENTERPRISE: ("企业", "生产经营单位", "公司"),
})


# Closing the loop (督导发现问题, 挂牌督办, 约谈/通报/问责).
PROBLEM_STATUSES = ("未整改", "整改中", "已整改")
RECHECK_RESULTS = ("通过", "未通过")
RECHECK_VOCAB = _vocab({"通过": ("合格", "复查通过", "验收通过", "已通过", "复查合格"),
                        "未通过": ("不通过", "不合格", "复查未通过", "复查不合格", "验收未通过")})
LISTING_LEVELS = LISTED_LEVELS[1:]          # a register row is listed: 否 is not a level there
ACCOUNTABILITY_TYPES = ("约谈", "通报批评", "警示函", "问责", "提级调查")
ACCOUNTABILITY_VOCAB = _vocab({
    "约谈": ("约谈提醒", "警示约谈", "集体约谈", "提醒约谈"), "通报批评": ("通报", "全区通报", "通报批评", "通报约谈"),
    "警示函": ("警示提醒函", "提醒函", "下发警示函"), "问责": ("追责", "追责问责", "责任追究", "问责追责"),
    "提级调查": ("提级", "提级挂牌调查", "提级督办调查"),
})


def parse_vocab(text: str, vocab: dict[str, str], allowed: tuple[str, ...]) -> str:
    key = fold(text).upper()
    value = vocab.get(key) or vocab.get(fold(text))
    if value is None:
        raise ValueRejected(f"「{text}」应为{'/'.join(allowed)}之一")
    return value


def parse_yesno(text: str) -> bool:
    return parse_vocab(text, YES_VOCAB, ("是", "否")) == "是"


def parse_status(text: str) -> str:
    return parse_vocab(text, STATUS_VOCAB, HAZARD_STATUSES)


def parse_level(text: str) -> str:
    return parse_vocab(text, LEVEL_VOCAB, HAZARD_LEVELS)


def parse_listed(text: str) -> str:
    return parse_vocab(text, LISTED_VOCAB, LISTED_LEVELS)



def parse_problem_status(text: str) -> str:
    """整改情况 of a 督导 problem: the hazard vocabulary, where 已销号 means 已整改 (销号 has its own date)."""
    try:
        status = parse_status(text)
    except ValueRejected:
        raise ValueRejected(f"「{text}」应为{'/'.join(PROBLEM_STATUSES)}之一") from None
    return "已整改" if status == "已销号" else status


def parse_listing_level(text: str) -> str:
    level = parse_vocab(text, LISTED_VOCAB, LISTING_LEVELS)
    if level not in LISTING_LEVELS:
        raise ValueRejected(f"「{text}」应为{'/'.join(LISTING_LEVELS)}之一")
    return level

_MEASURE_SPLIT = re.compile(r"[、，,;；/\s]+")


def parse_measures(text: str) -> list[str]:
    out: list[str] = []
    for part in _MEASURE_SPLIT.split(unicodedata.normalize("NFKC", text).strip()):
        if not part:
            continue
        kind = MEASURE_VOCAB.get(fold(part))
        if kind is None:
            raise ValueRejected(f"「{part}」不是规定的处罚种类（{'、'.join(MEASURES)}）")
        if kind not in out:
            out.append(kind)
    return out


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
GROUPS = ("第一督导组", "第二督导组", "第三督导组", "第四督导组", "第五督导组", "第六督导组")
_GROUP_RE = re.compile(r"^(?:区安委会)?(?:第)?(?:督导)?(?:第)?([一二三四五六1-6])(?:督导)?(?:组|督导组)$")


def parse_group(text: str) -> str:
    m = _GROUP_RE.match(fold(text))
    if not m:
        raise ValueRejected(f"「{text}」不是督导组（应为第一督导组…第六督导组）")
    digit = m.group(1)
    return GROUPS[(_CN_DIGITS.get(digit) or int(digit)) - 1]


@lru_cache(maxsize=1)
def categories() -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    with open(REFERENCE_DIR / "categories.csv", encoding="utf-8") as f:
        return tuple((int(r["no"]), r["name"], tuple(r["keywords"].split("|"))) for r in csv.DictReader(f))


_CATEGORY_NO = re.compile(r"^(?:第)?(\d{1,2})(?:类|项)?[.、.)]?")


def parse_category(text: str) -> int:
    """0 = 行业专项, 1..10 = the 打非治违 共性 categories."""
    folded = fold(text)
    m = _CATEGORY_NO.match(folded)
    if m and 1 <= int(m.group(1)) <= 10:
        return int(m.group(1))
    for no, name, _ in categories():
        if folded == fold(name):
            return no
    for no, _, keywords in categories():
        if any(k and fold(k) in folded for k in keywords):
            return no
    raise ValueRejected(f"「{text}」不是打非治违10类共性问题之一，也不是“行业专项”")


def parse_target_kind(text: str) -> str:
    return parse_vocab(text, TARGET_KIND_VOCAB, TARGET_KINDS)


# ---------------------------------------------------------------- submission nodes

def parse_node(text: str) -> int:
    folded = fold(text)
    for node in load_campaign().submission_nodes:
        if folded in {fold(a) for a in (*node.aliases, node.label, node.due.isoformat())}:
            return node.no
    try:
        d = parse_date(text, load_campaign().year)
    except ValueRejected:
        d = None
    for node in load_campaign().submission_nodes:
        if d == node.due:
            return node.no
    labels = "/".join(n.label for n in load_campaign().submission_nodes)
    raise ValueRejected(f"「{text}」不是报送节点（应为{labels}或第一次/第二次/第三次）")


# ---------------------------------------------------------------- dates

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]+\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def parse_date(text: str, default_year: int | None = None) -> dt.date:
    """Dates as typed in ledgers. default_year serves dates written without a year (4月25日)."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    try:
        if m := _YMD.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _COMPACT.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if _SERIAL.match(s) and 20000 <= float(s) <= 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
        if m := _MD.match(s):
            if default_year is None:
                raise ValueRejected(f"「{text}」没有年份，表头标题中也没有注明年份")
            return dt.date(default_year, int(m[1]), int(m[2]))
    except ValueError as exc:
        if isinstance(exc, ValueRejected):
            raise
    raise ValueRejected(f"「{text}」不是有效日期")


_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")
_M_ONLY = re.compile(r"^(\d{1,2})\s*月份?$")


def parse_month(text: str, default_year: int | None = None) -> dt.date:
    """A 月份 cell: 2022-04, 2022年4月, 4月 (year from the title), or a date in that month."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    if (m := _YM.match(s)) and 1 <= int(m[2]) <= 12:
        return dt.date(int(m[1]), int(m[2]), 1)
    if (m := _M_ONLY.match(s)) and 1 <= int(m[1]) <= 12:
        if default_year is None:
            raise ValueRejected(f"「{text}」没有年份，表头标题中也没有注明年份")
        return dt.date(default_year, int(m[1]), 1)
    try:
        return parse_date(text, default_year).replace(day=1)
    except ValueRejected:
        raise ValueRejected(f"「{text}」不是有效月份（如2022-04、2022年4月）") from None


_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年")


def year_in_title(texts: list[str]) -> int | None:
    for t in texts:
        if m := _YEAR_IN_TITLE.search(unicodedata.normalize("NFKC", t or "")):
            return int(m[1])
    return None


# ---------------------------------------------------------------- numbers and money

_AMOUNT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(万元|万|元)?$")
LARGE_FINE_YUAN = 10_000_000  # 1,000 万元: kept, but warned


def parse_amount(text: str, header_unit: str) -> float:
    """Money in 元. header_unit is '元' or '万元' (from the header, or the field's default)."""
    s = fold(text).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    m = _AMOUNT.match(s)
    if not m:
        raise ValueRejected(f"「{text}」不是有效金额")
    value = float(m[1])
    unit = m[2] or header_unit
    if value < 0:
        raise ValueRejected(f"「{text}」金额不能为负数")
    return round(value * (10_000 if unit in ("万元", "万") else 1), 2)


def parse_count(text: str) -> int:
    s = fold(text).replace(",", "")
    s = re.sub(r"(个|家|项|起|处|次|人|件)$", "", s)
    try:
        value = float(s)
    except ValueError:
        raise ValueRejected(f"「{text}」不是有效数量（应为非负整数）") from None
    if value < 0 or value != int(value):
        raise ValueRejected(f"「{text}」不是有效数量（应为非负整数）")
    return int(value)


# ---------------------------------------------------------------- coordinates (经度/纬度 of the register)

# Decimal degrees (GCJ-02, like the map) within China's extent: a value outside is a typo or swapped columns.
COORDINATE_RANGES = {"longitude": ("经度", 73.0, 136.0), "latitude": ("纬度", 3.0, 54.0)}


def parse_degrees(text: str, kind: str) -> float:
    """A 经度 or 纬度 in decimal degrees ("113.35", "113.35°", "E113.35")."""
    what, low, high = COORDINATE_RANGES[kind]
    s = re.sub(r"^[EN东北]|[°度EN]$", "", fold(text).strip().upper()).strip()
    try:
        value = float(s)
    except ValueError:
        raise ValueRejected(f"「{text}」不是有效{what}（应为十进制度数，如 {low + (high - low) / 2:.4f}）") from None
    if not low <= value <= high:
        raise ValueRejected(f"「{text}」不是有效{what}（应在 {low:g} 至 {high:g} 之间；经度、纬度是否填反？）")
    return value


# ---------------------------------------------------------------- 统一社会信用代码 (GB 32100-2015)

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_CHARSET)}


def credit_check_char(first17: str) -> str:
    total = sum(map(int.__mul__, map(_CREDIT_VALUE.__getitem__, first17), CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def parse_credit_code(text: str) -> str:
    code = fold(text).upper()
    if len(code) != 18:
        raise ValueRejected(f"「{text}」有{len(code)}位，统一社会信用代码应为18位")
    bad = next(((i, c) for i, c in enumerate(code, 1) if c not in _CREDIT_VALUE), None)
    if bad:
        # GB 32100 leaves out I, O, S, V, Z (they read like 1, 0, 5, U, 2).
        raise ValueRejected(f"「{text}」第{bad[0]}位「{bad[1]}」不是统一社会信用代码可用的字符（数字及除I、O、S、V、Z外的大写字母）")
    if credit_check_char(code[:17]) != code[17]:
        raise ValueRejected(f"「{text}」校验位错误（应为{credit_check_char(code[:17])}）")
    return code
