"""The ledger types: their canonical fields, header synonyms, keys, required fields and per-ledger rules.

This is the one place each of them is defined; the rest of ledgers/ reads them from here and holds no rule
of one ledger type: the importer builds the record key from natural_key and derived_key (importer.key_sql),
normalise parses each field by its kind (normalise.KINDS) and applies fills, row_checks and warnings
(ledgers/row_checks.py), the templates and the import page write the labels."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..rules import LARGE_FINE_YUAN


@dataclass(frozen=True)
class Field:
    name: str                 # column in the database (unit -> unit_code + unit)
    label: str                # canonical Chinese header (templates, messages)
    kind: str                 # how its cells are parsed: normalise.KINDS
    required: bool = False
    synonyms: tuple[str, ...] = ()
    money_unit: str = "元"    # default unit of a money field when the header does not say


@dataclass(frozen=True)
class LedgerType:
    key: str
    label: str
    fields: tuple[Field, ...]
    # The stored columns that identify a row across imports, in key order (importer.key_sql).
    natural_key: tuple["str | KeyRule", ...]
    key_label: str                      # how the key is named in messages
    replaces_all: bool = False          # 督导组分工: each import is a complete snapshot
    one_of: tuple[tuple[str, ...], ...] = ()   # groups where at least one field is required
    dropped_headers: tuple[str, ...] = ()      # columns never stored (reporter identity)
    row_checks: tuple["DateOrder | NeedsStatus", ...] = ()   # cross-field rules a row must pass (ledgers/row_checks.py)
    unit_from_target: bool = False             # a 乡/街道 target gives the row its 所属乡(街道)
    derived_key: "DerivedKey | None" = None    # the key of a row whose id (natural_key) is empty
    # The field a whole ledger may share without a column (one 乡/街道's or one department's file): taken
    # from the 填报单位 line, the sheet name or the file name when the column is missing (ledgers/context.py).
    context_field: str | None = None
    fills: tuple["FillFrom", ...] = ()          # values an empty cell takes from another column (normalise)
    defaults: tuple[tuple[str, str], ...] = ()  # (field, value an empty cell takes)
    warnings: tuple["Warn", ...] = ()           # a usable row kept with a warning (row_checks.py)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def required(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)


@dataclass(frozen=True)
class KeyRule:
    """A key part that is a rule over columns, not one column: the SQL macro `macro` (metric_rules/) of `columns`."""
    macro: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class DerivedKey:
    """A row with its id (the one natural_key column) empty gets 'D-' and a hash of these columns as its key;
    `named` says which cells they are, for messages."""
    columns: tuple[str, ...]
    named: str


@dataclass(frozen=True)
class FillFrom:
    """An empty `field` reads `source` (a yes/no column): `values` = (when yes, when no); `source` is an
    alternative column of `field` and is not stored (nor written in templates)."""
    field: str
    source: str
    values: tuple[str, str]


@dataclass(frozen=True)
class Warn:
    """A usable row kept with `message`: its `column` is above `limit` (another column, or a number); or, with
    not_after, its `column` is filled but not later than the `limit` column (or that is empty)."""
    column: str
    limit: "str | float"
    message: str
    not_after: bool = False


@dataclass(frozen=True)
class DateOrder:
    """A row whose `later` date is before its `earlier` date is rejected (复查 before 交办)."""
    earlier: str
    later: str


@dataclass(frozen=True)
class NeedsStatus:
    """A row with `when` filled needs `status` in `allowed` (销号 needs 已整改); `dated_by` is the date the
    message names beside `when`'s."""
    when: str
    status: str
    allowed: tuple[str, ...]
    dated_by: str


UNIT_SYNONYMS = ("所属乡(街道)", "所属乡街道", "乡(街道)", "乡街道", "乡镇(街道)", "乡镇街道", "所属乡镇", "所属乡镇(街道)",
                 "所在乡镇(街道)", "乡(镇、街道)", "乡镇(办事处)", "所属乡(办)", "所属乡镇街道", "乡镇",
                 "所属街道", "街道", "乡(办)", "乡办", "所属乡办", "所在乡(街道)", "属地", "属地乡(街道)", "辖区")
CREDIT_SYNONYMS = ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "组织机构代码")
INDUSTRY_SYNONYMS = ("行业领域", "行业", "所属行业", "行业类别", "领域")
LARGE_FINE = Warn("fine_yuan", LARGE_FINE_YUAN, "罚款金额超过1000万元，请核实")
# The enterprise identity (macro enterprise_identity, metric_rules/common.sql): the 统一社会信用代码, else the name key.
ENTERPRISE_IDENTITY = KeyRule("enterprise_identity", ("credit_code", "enterprise_key"))

HAZARDS = LedgerType(
    key="hazards", label="隐患排查整治台账", key_label="隐患编号",
    natural_key=("hazard_no",), context_field="unit",
    derived_key=DerivedKey(("unit_code", "enterprise_key", "description", "found_date"), "所属乡(街道)、单位名称、隐患描述、发现日期"),
    one_of=(("status", "rectified_flag"),),
    fills=(FillFrom("status", "rectified_flag", ("已整改", "未整改")),), defaults=(("listed", "否"),),
    # An extension counts only when later than 整改时限 (rule effective_deadline, metric_rules/hazards.sql).
    warnings=(Warn("found_date", "deadline", "整改时限早于发现日期，请核实"),
              Warn("extended_to", "deadline", "延期至不晚于整改时限（或未填整改时限），延期已忽略，请核实", not_after=True)),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号", "编号序号", "序")),
        Field("hazard_no", "隐患编号", "id", synonyms=("隐患编号", "隐患序号", "隐患编码", "隐患代码")),
        Field("unit", "所属乡(街道)", "unit", True, UNIT_SYNONYMS),
        Field("enterprise", "单位名称", "enterprise", True, ("单位名称", "企业名称", "生产经营单位", "生产经营单位名称",
                                                    "被检查单位", "被检查单位名称", "企业(单位)名称", "隐患单位")),
        Field("credit_code", "统一社会信用代码", "credit_code", synonyms=CREDIT_SYNONYMS),
        Field("industry", "行业领域", "industry", synonyms=INDUSTRY_SYNONYMS),
        Field("department", "监管部门", "department", synonyms=("监管部门", "行业监管部门", "主管部门", "责任部门",
                                                             "负责部门", "监管单位", "行业主管部门")),
        Field("description", "隐患描述", "text", True, ("隐患描述", "隐患内容", "隐患情况", "存在问题", "隐患问题",
                                                     "问题描述", "隐患名称", "主要隐患", "隐患具体情况")),
        Field("level", "隐患等级", "level", True, ("隐患等级", "隐患级别", "隐患类别", "等级", "级别")),
        Field("discovery_method", "发现方式", "discovery", synonyms=("发现方式", "发现途径", "排查方式", "来源", "隐患来源")),
        Field("found_date", "发现日期", "date", True, ("发现日期", "发现时间", "排查日期", "排查时间", "检查日期",
                                                    "检查时间", "录入日期")),
        Field("deadline", "整改时限", "date", synonyms=("整改时限", "整改期限", "限期整改日期", "整改期限(日期)",
                                                      "要求完成时间", "计划完成时间", "整改时间")),
        Field("responsible", "整改责任人", "text", synonyms=("整改责任人", "责任人", "整改负责人")),
        Field("measures_taken", "整改措施", "text", synonyms=("整改措施", "治理措施", "整改方案")),
        Field("funds_yuan", "整改资金(万元)", "money", synonyms=("整改资金", "治理资金", "落实资金", "资金"),
              money_unit="万元"),
        Field("emergency_plan", "应急预案", "text", synonyms=("应急预案", "预案", "应急措施", "应急预案措施")),
        Field("status", "整改状态", "status", synonyms=("整改状态", "整改情况", "整改进度", "状态", "完成情况",
                                                     "整改结果", "销号情况")),
        Field("rectified_flag", "是否整改", "yesno", synonyms=("是否整改", "是否完成整改", "是否已整改", "是否整改完成")),
        Field("rectified_date", "整改完成日期", "date", synonyms=("整改完成日期", "完成日期", "整改完成时间",
                                                            "完成时间", "实际完成时间", "销号日期", "销号时间")),
        Field("extended_to", "延期至", "date", synonyms=("延期至", "延期日期", "批准延期至", "延期整改日期", "延期")),
        Field("listed", "挂牌督办", "listed", synonyms=("挂牌督办", "是否挂牌督办", "挂牌督办级别", "督办级别", "挂牌")),
        Field("note", "备注", "text", synonyms=("备注", "说明")),
    ),
)

ENFORCEMENT = LedgerType(
    key="enforcement", label="行政执法案件台账", key_label="案件编号",
    natural_key=("case_no",), context_field="department", warnings=(LARGE_FINE,),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("case_no", "案件编号", "id", True, ("案件编号", "案号", "立案编号", "案件号", "执法文书编号", "处罚决定书文号")),
        Field("department", "执法部门", "department", True, ("执法部门", "执法单位", "办案单位", "立案部门", "执法机关")),
        Field("party", "当事人", "enterprise", True, ("当事人", "当事人名称", "被处罚单位", "违法单位", "被处罚人", "单位名称")),
        Field("credit_code", "统一社会信用代码", "credit_code", synonyms=CREDIT_SYNONYMS),
        Field("unit", "所属乡(街道)", "unit", synonyms=UNIT_SYNONYMS),
        Field("industry", "行业领域", "industry", synonyms=INDUSTRY_SYNONYMS),
        Field("violation", "违法行为", "text", synonyms=("违法行为", "违法事实", "案由", "主要违法事实", "违法行为描述")),
        Field("category_no", "违法类别", "category", synonyms=("违法类别", "打非治违类别", "违法行为类别", "类别", "问题类别")),
        Field("filed_date", "立案日期", "date", True, ("立案日期", "立案时间", "立案")),
        Field("decision_date", "处罚决定日期", "date", synonyms=("处罚决定日期", "决定日期", "处罚日期", "作出处罚决定日期", "结案日期")),
        Field("measures", "处罚种类", "measures", synonyms=("处罚种类", "处罚措施", "处理措施", "处罚类型", "处理结果")),
        Field("fine_yuan", "罚款金额(元)", "money", synonyms=("罚款金额", "罚款", "罚没金额", "罚款数额")),
        Field("typical", "典型案例", "yesno", synonyms=("典型案例", "是否典型案例", "典型执法案例")),
        Field("exposed", "曝光", "yesno", synonyms=("曝光", "是否曝光", "公开曝光")),
        Field("case_status", "案件状态", "text", synonyms=("案件状态", "办理状态", "办理进度", "状态")),
    ),
)

GROUP_SYNONYMS = ("督导组", "督导组别", "组别", "督导组名称", "检查组")
TARGET_SYNONYMS = ("督导对象", "被督导单位", "督导单位", "检查对象", "对象", "被督导对象", "对象名称")
TARGET_KIND_SYNONYMS = ("对象类型", "督导对象类型", "单位类型", "类型")

SUPERVISION = LedgerType(
    key="supervision", label="督导检查记录", key_label="督导组+督导类型+督导对象+督导日期",
    natural_key=("group", "visit_type", "target_key", "visit_date"), unit_from_target=True,
    warnings=(Warn("problems_rectified", "problems_found", "已整改问题数大于发现问题数，请核实"),),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("group", "督导组", "group", True, GROUP_SYNONYMS),
        Field("visit_type", "督导类型", "visit_type", True, ("督导类型", "督导方式", "检查类型", "督导性质")),
        Field("target", "督导对象", "target", True, TARGET_SYNONYMS),
        Field("target_kind", "对象类型", "target_kind", synonyms=TARGET_KIND_SYNONYMS),
        Field("unit", "所属乡(街道)", "unit", synonyms=UNIT_SYNONYMS),
        Field("visit_date", "督导日期", "date", True, ("督导日期", "督导时间", "检查日期", "检查时间", "日期")),
        Field("problems_found", "发现问题数", "count", synonyms=("发现问题数", "发现问题", "发现问题(个)", "问题数")),
        Field("problems_rectified", "已整改问题数", "count", synonyms=("已整改问题数", "已整改", "整改问题数", "已整改数")),
        Field("note", "备注", "text", synonyms=("备注",)),
    ),
)

ASSIGNMENTS = LedgerType(
    key="assignments", label="督导组分工", key_label="督导组+督导对象",
    natural_key=("group", "target_key"), replaces_all=True,
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("group", "督导组", "group", True, GROUP_SYNONYMS),
        Field("target", "督导对象", "target", True, TARGET_SYNONYMS + ("联系乡(街道)和部门", "分工对象", "负责对象")),
        Field("target_kind", "对象类型", "target_kind", synonyms=TARGET_KIND_SYNONYMS),
    ),
)

REPORTER_SYNONYMS = ("报送单位", "填报单位", "单位", "单位名称", "报送部门", "部门")

MONTHLY_REPORTS = LedgerType(
    key="monthly_reports", label="打非治违月报", key_label="报送单位+月份",
    natural_key=("reporter", "month"), context_field="reporter", warnings=(LARGE_FINE,),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("reporter", "报送单位", "reporter", True, REPORTER_SYNONYMS),
        Field("month", "月份", "month", True, ("月份", "统计月份", "报告月份", "所属月份")),
        Field("submitted_date", "报送日期", "date", synonyms=("报送日期", "报送时间", "上报日期", "上报时间")),
        Field("units_checked", "检查单位数", "count", synonyms=("检查单位数", "检查企业数", "检查生产经营单位数", "检查单位")),
        Field("violations_found", "发现非法违法行为数", "count", synonyms=("发现非法违法行为数", "发现非法违法行为",
                                                                   "非法违法行为数", "查处非法违法行为数")),
        Field("suspended", "停产整顿数", "count", synonyms=("停产整顿数", "责令停产整顿数", "停产停业整顿数", "停产整顿")),
        Field("closed", "关闭取缔数", "count", synonyms=("关闭取缔数", "关闭取缔", "依法关闭取缔数")),
        Field("fine_yuan", "罚款金额(元)", "money", synonyms=("罚款金额", "罚款", "罚款数额")),
        Field("transferred", "移送司法数", "count", synonyms=("移送司法数", "移送司法机关数", "移送司法")),
        Field("exposed_count", "曝光数", "count", synonyms=("曝光数", "曝光典型案例数", "曝光")),
    ),
)

SUBMISSIONS = LedgerType(
    key="submissions", label="自查报告报送", key_label="报送单位+报送节点",
    natural_key=("reporter", "node"), context_field="reporter",
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("reporter", "报送单位", "reporter", True, REPORTER_SYNONYMS),
        Field("node", "报送节点", "node", True, ("报送节点", "报送批次", "报送次数", "节点", "批次", "报告节点")),
        Field("submitted_date", "报送日期", "date", synonyms=("报送日期", "报送时间", "实际报送日期", "上报日期", "上报时间")),
    ),
)

TIPS = LedgerType(
    key="tips", label="举报受理台账", key_label="受理编号",
    natural_key=("tip_no",),
    dropped_headers=("举报人", "举报人姓名", "姓名", "联系电话", "联系方式", "电话", "手机", "手机号", "手机号码",
                     "身份证号", "身份证", "身份证号码", "住址", "地址", "家庭住址", "举报人电话", "举报人联系方式",
                     "举报人住址", "举报人身份证号"),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("tip_no", "受理编号", "id", True, ("受理编号", "举报编号", "受理号", "编号")),
        Field("received_date", "受理日期", "date", True, ("受理日期", "受理时间", "举报日期", "举报时间", "接报时间")),
        Field("channel", "举报渠道", "channel", synonyms=("举报渠道", "举报方式", "来源渠道", "渠道", "受理渠道")),
        Field("accused", "被举报单位", "text", synonyms=("被举报单位", "被举报对象", "被举报单位名称", "被举报人(单位)")),
        Field("unit", "所属乡(街道)", "unit", synonyms=UNIT_SYNONYMS),
        Field("category", "举报类别", "text", synonyms=("举报类别", "举报类型", "举报事项", "举报内容类别")),
        Field("result", "核查结果", "tip_result", synonyms=("核查结果", "查处结果", "核查情况", "是否属实")),
        Field("reward_yuan", "奖励金额(元)", "money", synonyms=("奖励金额", "奖励", "奖金", "奖励金额数")),
        Field("reward_date", "奖励发放日期", "date", synonyms=("奖励发放日期", "奖励发放时间", "发放日期")),
        Field("closed_date", "办结日期", "date", synonyms=("办结日期", "办结时间", "结案日期")),
    ),
)

# ---------------------------------------------------------------- closing the loop: 问题清单, 挂牌督办, 约谈通报问责

PROBLEMS = LedgerType(
    key="problems", label="督导发现问题清单", key_label="问题编号",
    natural_key=("problem_no",), unit_from_target=True,
    derived_key=DerivedKey(("group", "target_key", "found_date", "description"), "督导组、督导对象、发现日期、问题描述"),
    row_checks=(DateOrder("found_date", "assigned_date"), DateOrder("found_date", "rectified_date"),
                DateOrder("assigned_date", "recheck_date"), DateOrder("found_date", "recheck_date"),
                DateOrder("rectified_date", "closed_date"), DateOrder("found_date", "closed_date"),
                NeedsStatus("closed_date", "status", ("已整改",), "rectified_date")),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("problem_no", "问题编号", "id", synonyms=("问题编号", "问题序号", "问题编码", "编号")),
        Field("group", "督导组", "group", True, GROUP_SYNONYMS),
        Field("target", "督导对象", "target", True, TARGET_SYNONYMS + ("问题单位", "被督导单位名称")),
        Field("unit", "所属乡(街道)", "unit", synonyms=UNIT_SYNONYMS),
        Field("found_date", "发现日期", "date", True, ("发现日期", "发现时间", "检查日期", "检查时间")),
        Field("description", "问题描述", "text", True, ("问题描述", "存在问题", "问题内容", "主要问题", "问题情况",
                                                     "发现的问题", "问题")),
        Field("category", "问题类别", "text", synonyms=("问题类别", "问题类型", "问题分类", "类别")),
        Field("assigned_date", "交办日期", "date", synonyms=("交办日期", "交办时间", "督办日期", "下发日期")),
        Field("responsible_org", "整改责任单位", "text", synonyms=("整改责任单位", "责任单位", "整改单位", "承办单位")),
        Field("deadline", "整改时限", "date", synonyms=("整改时限", "整改期限", "要求完成时间", "限期整改日期")),
        Field("status", "整改情况", "problem_status", synonyms=("整改情况", "整改状态", "整改进度")),
        Field("rectified_date", "整改完成日期", "date", synonyms=("整改完成日期", "完成日期", "整改完成时间", "完成时间")),
        Field("recheck_date", "复查日期", "date", synonyms=("复查日期", "复查时间", "复核日期", "复核时间")),
        Field("recheck_result", "复查结果", "recheck_result", synonyms=("复查结果", "复查情况", "复核结果", "复查意见")),
        Field("closed_date", "销号日期", "date", synonyms=("销号日期", "销号时间")),
        Field("note", "备注", "text", synonyms=("备注", "说明")),
    ),
)

LISTINGS = LedgerType(
    key="listings", label="挂牌督办登记", key_label="隐患编号",
    natural_key=("hazard_no",),
    derived_key=DerivedKey(("enterprise_key", "description", "listed_date"), "单位名称、隐患描述、挂牌日期"),
    # 隐患编号, else 单位名称 + 隐患描述 name the hazard.
    one_of=(("hazard_no", "enterprise"), ("hazard_no", "description")),
    row_checks=(DateOrder("listed_date", "delisted_date"),),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("hazard_no", "隐患编号", "id", synonyms=("隐患编号", "隐患序号", "隐患编码")),
        Field("unit", "所属乡(街道)", "unit", synonyms=UNIT_SYNONYMS),
        Field("enterprise", "单位名称", "enterprise", synonyms=("单位名称", "企业名称", "生产经营单位", "隐患单位",
                                                             "挂牌单位", "被挂牌单位")),
        Field("description", "隐患描述", "text", synonyms=("隐患描述", "隐患内容", "隐患名称", "重大隐患", "隐患情况",
                                                        "挂牌隐患")),
        Field("listing_level", "挂牌级别", "listing_level", synonyms=("挂牌级别", "督办级别", "挂牌督办级别", "级别")),
        Field("listed_date", "挂牌日期", "date", True, ("挂牌日期", "挂牌时间", "挂牌督办日期", "督办日期")),
        Field("supervising_org", "督办单位", "text", synonyms=("督办单位", "督办部门", "挂牌督办单位", "督办机关")),
        Field("deadline", "整改时限", "date", synonyms=("整改时限", "整改期限", "要求完成时间", "督办时限")),
        Field("delisted_date", "摘牌日期", "date", synonyms=("摘牌日期", "摘牌时间", "销号日期")),
        Field("accepting_org", "验收单位", "text", synonyms=("验收单位", "验收部门", "摘牌验收单位")),
        Field("note", "备注", "text", synonyms=("备注", "说明")),
    ),
)

ACCOUNTABILITY = LedgerType(
    key="accountability", label="约谈通报问责记录", key_label="日期+类型+对象",
    natural_key=("action_date", "action_type", "target_key"), unit_from_target=True,
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("action_date", "日期", "date", True, ("日期", "时间", "约谈日期", "通报日期", "问责日期", "发文日期",
                                                  "实施日期")),
        Field("target", "对象", "target", True, ("对象", "对象名称", "约谈对象", "通报对象", "问责对象", "被约谈单位",
                                                "被通报单位", "被问责单位", "责任单位")),
        Field("unit", "所属乡(街道)", "unit", synonyms=UNIT_SYNONYMS),
        Field("action_type", "类型", "accountability_type", True, ("类型", "方式", "处理方式", "问责方式", "措施类型",
                                                                  "约谈通报问责类型", "问责类型")),
        Field("reason", "事由", "text", synonyms=("事由", "原因", "约谈事由", "通报事由", "问责事由", "主要问题")),
        Field("doc_no", "发文字号", "text", synonyms=("发文字号", "文号", "文件编号", "发文编号")),
        Field("related", "关联", "text", synonyms=("关联", "关联编号", "关联事项", "关联隐患编号", "关联问题编号",
                                                 "关联案件编号")),
        Field("note", "备注", "text", synonyms=("备注", "说明")),
    ),
)

# ---------------------------------------------------------------- the 底数 (名录) and accidents

ENTERPRISE_SYNONYMS = ("单位名称", "企业名称", "生产经营单位", "生产经营单位名称", "企业(单位)名称")

REGISTER = LedgerType(
    key="register", label="生产经营单位名录", key_label="统一社会信用代码(无代码时为单位名称)",
    natural_key=(ENTERPRISE_IDENTITY,), replaces_all=True,
    # A register says something only a register says (规模, 是否重点, 最近排查): without one of them a hazard
    # ledger that lacks a required column would pass for a register.
    one_of=(("scale", "key_unit", "last_inspected", "inspection_result"),),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("enterprise", "单位名称", "enterprise", True, ENTERPRISE_SYNONYMS),
        Field("credit_code", "统一社会信用代码", "credit_code", synonyms=CREDIT_SYNONYMS),
        Field("unit", "所属乡(街道)", "unit", True, UNIT_SYNONYMS),
        Field("industry", "行业领域", "industry", synonyms=INDUSTRY_SYNONYMS),
        Field("department", "监管部门", "department", synonyms=("监管部门", "行业监管部门", "主管部门", "监管单位",
                                                             "行业主管部门")),
        Field("scale", "规模", "text", synonyms=("规模", "企业规模", "单位规模", "规模类型")),
        Field("key_unit", "是否重点", "yesno", synonyms=("是否重点", "重点单位", "是否重点单位", "是否重点企业", "重点企业")),
        Field("last_inspected", "最近排查日期", "date", synonyms=("最近排查日期", "最近排查时间", "最后排查日期",
                                                              "上次排查日期", "最近检查日期")),
        Field("inspection_result", "排查结果", "text", synonyms=("排查结果", "排查情况", "最近排查结果")),
        # Where it is, for the map's point layer: decimal degrees, GCJ-02 (as the map's boundaries).
        Field("lon", "经度", "longitude", synonyms=("经度", "东经", "经度坐标", "坐标经度", "lng", "lon", "longitude")),
        Field("lat", "纬度", "latitude", synonyms=("纬度", "北纬", "纬度坐标", "坐标纬度", "lat", "latitude")),
    ),
)

ACCIDENTS = LedgerType(
    key="accidents", label="生产安全事故台账", key_label="事故编号",
    natural_key=("accident_no",),
    derived_key=DerivedKey(("unit_code", "enterprise_key", "occurred_date"), "所属乡(街道)、单位名称、发生日期"),
    fields=(
        Field("seq", "序号", "ignore", synonyms=("序号",)),
        Field("accident_no", "事故编号", "id", synonyms=("事故编号", "事故序号", "编号")),
        Field("occurred_date", "发生日期", "date", True, ("发生日期", "发生时间", "事故日期", "事故发生日期",
                                                       "事故发生时间")),
        Field("unit", "所属乡(街道)", "unit", True, UNIT_SYNONYMS + ("事故地点", "发生地点")),
        Field("enterprise", "单位名称", "enterprise", synonyms=ENTERPRISE_SYNONYMS + ("事故单位", "事故单位名称",
                                                                                 "发生单位")),
        Field("credit_code", "统一社会信用代码", "credit_code", synonyms=CREDIT_SYNONYMS),
        Field("industry", "行业领域", "industry", synonyms=INDUSTRY_SYNONYMS),
        Field("accident_type", "事故类型", "text", synonyms=("事故类型", "事故类别", "事故种类")),
        Field("deaths", "死亡人数", "count", synonyms=("死亡人数", "死亡", "死亡(人)", "遇难人数")),
        Field("injuries", "受伤人数", "count", synonyms=("受伤人数", "受伤", "受伤(人)", "伤亡人数(受伤)")),
        Field("loss_yuan", "直接经济损失(万元)", "money", synonyms=("直接经济损失", "经济损失", "直接损失"),
              money_unit="万元"),
        Field("concealed", "是否瞒报谎报", "yesno", synonyms=("是否瞒报谎报", "瞒报谎报", "是否瞒报", "瞒报")),
        Field("note", "备注", "text", synonyms=("备注", "说明")),
    ),
)

LEDGER_TYPES: dict[str, LedgerType] = {t.key: t for t in
                                       (HAZARDS, ENFORCEMENT, SUPERVISION, ASSIGNMENTS, MONTHLY_REPORTS, SUBMISSIONS, TIPS,
                                        PROBLEMS, LISTINGS, ACCOUNTABILITY, REGISTER, ACCIDENTS)}

# ---------------------------------------------------------------- header keys

_MONEY_UNIT = re.compile(r"[(\[【](万元|元)[)\]】]|(?<=[^万])(万元)$|单位[:：]?(万元|元)")
_DROP = re.compile(r"[\s*※★()\[\]【】<>《》:：、]")
# Counting units written in headers: 检查单位数（家）, 发现问题（个）.
_COUNT_UNIT = re.compile(r"[(\[【](家|个|起|项|处|人|次|件|户|份|条|元/项)[)\]】]")


def header_key(text: str | None) -> tuple[str, str | None]:
    """(comparison key, money unit written in the header or None)."""
    if not text:
        return "", None
    s = unicodedata.normalize("NFKC", str(text))
    unit = None
    if m := _MONEY_UNIT.search(s):
        unit = next(g for g in m.groups() if g)
        s = s[: m.start()] + s[m.end():]
    s = _COUNT_UNIT.sub("", s)
    return _DROP.sub("", s), unit


def _index(ledger: LedgerType) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in ledger.fields:
        for written in (f.label, *f.synonyms):
            out.setdefault(header_key(written)[0], f.name)
    return out


SYNONYM_INDEX: dict[str, dict[str, str]] = {k: _index(t) for k, t in LEDGER_TYPES.items()}
DROPPED_INDEX: dict[str, frozenset[str]] = {
    k: frozenset(header_key(h)[0] for h in t.dropped_headers) for k, t in LEDGER_TYPES.items()}
ALL_HEADER_KEYS: frozenset[str] = frozenset(k for idx in SYNONYM_INDEX.values() for k in idx) | frozenset(
    k for d in DROPPED_INDEX.values() for k in d)


def match_header(ledger_key: str, parts: list[str], group: bool = False) -> str | None:
    """Field name for a (possibly two-row) header: the joined form first, then the lower, then the upper row.

    group: the upper row is a title spanning several columns (整改情况 over 整改措施 | 验收人 | 整改状态); it names
    the group, not this column, so it is not tried on its own (验收人 is not 整改状态)."""
    index = SYNONYM_INDEX[ledger_key]
    lower_first = list(reversed(parts))
    keys = [header_key("".join(parts))[0]] + [header_key(p)[0] for p in (lower_first[:1] if group else lower_first)]
    for k in keys:
        if k and k in index:
            return index[k]
    return None
