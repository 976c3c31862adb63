"""Value rules (safetyboard/rules.py) and header synonyms (safetyboard/ledgers/spec.py), cell by cell.

Every parser is called with the cell text as a ledger writes it; each case asserts the exact value
stored, or the exact Chinese reason (the importer prefixes the field label, see tests/ledgers/test_normalise.py)."""
import datetime as dt

import pytest

from safetyboard import rules
from safetyboard.ledgers.spec import header_key, match_header
from safetyboard.rules import ValueRejected

D = dt.date(2022, 4, 25)


def rejected(fn, *args) -> str:
    with pytest.raises(ValueRejected) as info:
        fn(*args)
    return str(info.value)


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text", [
    "44676",                  # Excel serial number of 2022-04-25, as a numeric cell reads
    "44676.395833",           # serial with a time of day (09:30)
    "2022-04-25 00:00:00",    # a real Excel datetime cell, as the reader renders it
    "2022-04-25",
    "2022/4/25",
    "2022.4.25",
    "2022年4月25日",
    "2022 年 4 月 25 日",
    "20220425",
    "2022-04-25 09:30",
    "2022-04-25T09:30:00",
    "２０２２－０４－２５",      # full-width digits and dash
    " 2022-04-25 ",
])
def test_date_formats(text):
    assert rules.parse_date(text) == D
    assert rules.parse_date(text, 2021) == D     # a written year always wins over the title's


def test_date_without_year_takes_the_title_year():
    assert rules.parse_date("4月25日", 2022) == D
    assert rules.parse_date("4-25", 2023) == dt.date(2023, 4, 25)


def test_date_without_year_and_no_title_year_is_rejected():
    assert rejected(rules.parse_date, "4月25日") == "「4月25日」没有年份，表头标题中也没有注明年份"
    assert rejected(rules.parse_date, "4月25日", None) == "「4月25日」没有年份，表头标题中也没有注明年份"


@pytest.mark.parametrize("text", ["2022/13/45", "2022-02-30", "abc", "1", "4/25/2022", "19991"])
def test_invalid_dates(text):
    assert rejected(rules.parse_date, text, 2022) == f"「{text}」不是有效日期"


def test_year_in_title():
    assert rules.year_in_title(["湛河区马庄街道隐患排查整治台账（2022年11月）"]) == 2022
    assert rules.year_in_title(["Sheet1", "填报单位：马庄", "２０２３年度台账"]) == 2023
    assert rules.year_in_title(["隐患排查整治台账", "填报单位：马庄街道"]) is None
    assert rules.year_in_title([]) is None


def test_month():
    assert rules.parse_month("2022-04") == dt.date(2022, 4, 1)
    assert rules.parse_month("2022年9月") == dt.date(2022, 9, 1)
    assert rules.parse_month("2022年9月份") == dt.date(2022, 9, 1)
    assert rules.parse_month("9月", 2022) == dt.date(2022, 9, 1)
    assert rules.parse_month("2022-09-30") == dt.date(2022, 9, 1)
    assert rejected(rules.parse_month, "9月") == "「9月」没有年份，表头标题中也没有注明年份"
    assert rejected(rules.parse_month, "2022-13") == "「2022-13」不是有效月份（如2022-04、2022年4月）"


# ---------------------------------------------------------------- units (乡/街道)

@pytest.mark.parametrize("text,name", [
    ("马庄街道", "马庄街道"),
    ("马庄街道办事处", "马庄街道"),
    ("马庄办事处", "马庄街道"),
    ("马庄", "马庄街道"),
    (" 马庄 ", "马庄街道"),
    ("马 庄 街道", "马庄街道"),
    ("马庄街道\u3000", "马庄街道"),          # ideographic space
    ("湛河区马庄街道", "马庄街道"),
    ("九里山街道办事处", "九里山街道"),
    ("九里山办事处", "九里山街道"),
    ("九里山", "九里山街道"),
    ("河南省平顶山市湛河区九里山街道办事处", "九里山街道"),
    ("曹镇乡人民政府", "曹镇乡"),
    ("曹镇乡政府", "曹镇乡"),
    ("曹镇人民政府", "曹镇乡"),
    ("曹镇", "曹镇乡"),
    ("曹镇乡", "曹镇乡"),
    ("南环路人民政府", "南环路街道"),
    ("410411001000", "马庄街道"),            # the administrative code
])
def test_unit_aliases(text, name):
    assert rules.parse_unit(text).name == name


def test_unit_codes():
    assert rules.parse_unit("马庄").code == "410411001000"
    assert rules.parse_unit("曹镇").code == "410411200000"
    assert len(rules.units()) == 10
    assert [u.name for u in rules.units()] == ["马庄街道", "南环路街道", "姚孟街道", "九里山街道", "轻工路街道",
                                               "高阳路街道", "北渡街道", "荆山街道", "河滨街道", "曹镇乡"]


@pytest.mark.parametrize("text", ["湛南街道", "卫东区", "XX乡", "街道"])
def test_unknown_unit_is_rejected(text):
    assert rules.resolve_unit(text) is None
    assert rejected(rules.parse_unit, text) == f"「{text}」不是湛河区的乡/街道"


# ---------------------------------------------------------------- departments

@pytest.mark.parametrize("text,name", [
    ("区应急管理局", "应急管理局"),
    ("应急管理局", "应急管理局"),
    ("应急局", "应急管理局"),
    ("区 应急管理局 ", "应急管理局"),
    ("湛河区应急管理局", "应急管理局"),
    ("区住建局", "住房和城乡建设局"),
    ("住房和城乡建设局", "住房和城乡建设局"),
    ("消防大队", "消防救援大队"),
    ("市场监管局", "市场监督管理局"),
    ("区民政局", "民政局"),
    ("区卫健委", "卫生健康委员会"),
])
def test_member_departments_with_and_without_prefix(text, name):
    assert rules.normalise_department(text) == (name, True)
    assert rules.resolve_department(text) == name


def test_non_member_department_is_kept_as_written():
    # 区委宣传部 is not a member; its leading 区 is part of the name and must not be cut to 委宣传部.
    assert rules.normalise_department("区委宣传部") == ("区委宣传部", False)
    assert rules.normalise_department(" 区 水务局 ") == ("区水务局", False)
    assert rules.resolve_department("区委宣传部") is None


def test_reporter_is_a_unit_or_member_department():
    assert rules.parse_reporter("马庄街道办事处") == ("马庄街道", "乡/街道")
    assert rules.parse_reporter("区应急局") == ("应急管理局", "部门")
    assert rejected(rules.parse_reporter, "企业A") == "「企业A」不是湛河区的乡/街道或区安委会成员单位"


def test_industry():
    assert rules.normalise_industry("危化品") == "危险化学品"
    assert rules.normalise_industry("工贸行业") == "工贸"
    assert rules.normalise_industry("其他 行业") == "其他 行业"


# ---------------------------------------------------------------- vocabularies

@pytest.mark.parametrize("text,status", [
    ("已整改", "已整改"), ("已完成", "已整改"), ("完成", "已整改"), ("整改完成", "已整改"), ("完成整改", "已整改"),
    ("已整改完毕", "已整改"), (" 已 整改 ", "已整改"),
    ("销号", "已销号"), ("已销号", "已销号"),
    ("整改中", "整改中"), ("正在整改", "整改中"),
    ("未整改", "未整改"), ("未完成", "未整改"), ("待整改", "未整改"),
])
def test_status_vocabulary(text, status):
    assert rules.parse_status(text) == status


def test_unknown_status():
    assert rejected(rules.parse_status, "已经好了") == "「已经好了」应为未整改/整改中/已整改/已销号之一"


@pytest.mark.parametrize("text,level", [
    ("一般", "一般"), ("一般隐患", "一般"), ("一般事故隐患", "一般"),
    ("重大", "重大"), ("重大隐患", "重大"), ("重大事故隐患", "重大"),
])
def test_level_vocabulary(text, level):
    assert rules.parse_level(text) == level


def test_unknown_level():
    assert rejected(rules.parse_level, "较大") == "「较大」应为一般/重大之一"


@pytest.mark.parametrize("text,listed", [
    ("否", "否"), ("无", "否"), ("未挂牌", "否"),
    ("区级", "区级"), ("区级挂牌督办", "区级"), ("市级", "市级"), ("市挂牌", "市级"), ("省级", "省级"),
])
def test_listed_vocabulary(text, listed):
    assert rules.parse_listed(text) == listed


def test_unknown_listed():
    assert rejected(rules.parse_listed, "国家级") == "「国家级」应为否/区级/市级/省级之一"


@pytest.mark.parametrize("text,value", [
    ("是", True), ("√", True), ("✓", True), ("Y", True), ("y", True), ("1", True), ("true", True),
    ("否", False), ("N", False), ("n", False), ("0", False), ("×", False), ("无", False),
])
def test_yes_no(text, value):
    assert rules.parse_yesno(text) is value


def test_unknown_yes_no():
    assert rejected(rules.parse_yesno, "对") == "「对」应为是/否之一"


def test_discovery_visit_channel_result_vocabularies():
    assert rules.parse_vocab("自查", rules.DISCOVERY_VOCAB, rules.DISCOVERY_METHODS) == "企业自查"
    assert rules.parse_vocab("群众举报", rules.DISCOVERY_VOCAB, rules.DISCOVERY_METHODS) == "举报"
    assert rules.parse_vocab("回头看", rules.VISIT_TYPE_VOCAB, rules.VISIT_TYPES) == "回头看"
    assert rules.parse_vocab("督查", rules.VISIT_TYPE_VOCAB, rules.VISIT_TYPES) == "督导检查"
    assert rules.parse_vocab("12345", rules.CHANNEL_VOCAB, rules.TIP_CHANNELS) == "12345政务热线"
    assert rules.parse_vocab("基本属实", rules.TIP_RESULT_VOCAB, rules.TIP_RESULTS) == "属实"
    assert rules.parse_target_kind("街道") == "乡/街道"
    assert rules.parse_target_kind("成员单位") == "部门"


@pytest.mark.parametrize("text,measures", [
    ("罚款、责令改正", ["罚款", "责令改正"]),
    ("罚款，警告", ["罚款", "警告"]),
    ("罚款,警告", ["罚款", "警告"]),
    ("罚款;警告", ["罚款", "警告"]),
    ("罚款；警告", ["罚款", "警告"]),
    ("罚款/警告", ["罚款", "警告"]),
    ("罚款 警告", ["罚款", "警告"]),
    ("罚款　警告", ["罚款", "警告"]),
    (" 罚款 、 警告 ", ["罚款", "警告"]),
    ("停产整顿", ["停产停业整顿"]),
    ("责令限期改正、罚款、罚款", ["责令改正", "罚款"]),
    ("警告/移送司法", ["警告", "移送司法"]),
])
def test_measures(text, measures):
    assert rules.parse_measures(text) == measures


def test_unknown_measure():
    assert rejected(rules.parse_measures, "罚款、没收") == (
        "「没收」不是规定的处罚种类（罚款、警告、责令改正、停产停业整顿、关闭取缔、暂扣证照、吊销证照、查封扣押、移送司法、联合惩戒）")


@pytest.mark.parametrize("text,no", [("6", 6), ("第7类", 7), ("1.无证", 1), ("行业专项", 0), ("特种作业人员未持证上岗", 8)])
def test_category(text, no):
    assert rules.parse_category(text) == no


# ---------------------------------------------------------------- money and counts

@pytest.mark.parametrize("text,unit,yuan", [
    ("5万元", "元", 50_000.0),
    ("5万", "元", 50_000.0),
    ("５万元", "元", 50_000.0),
    ("5 万元", "元", 50_000.0),
    ("50,000", "元", 50_000.0),
    ("50，000", "元", 50_000.0),
    ("¥1,000.50", "元", 1_000.5),
    ("5.2", "万元", 52_000.0),      # a bare number under a 万元 header
    ("5.2", "元", 5.2),
    ("50000元", "万元", 50_000.0),  # the cell's own unit wins over the header's
    ("0", "元", 0.0),
])
def test_amounts_in_yuan(text, unit, yuan):
    assert rules.parse_amount(text, unit) == yuan


def test_bad_amounts():
    assert rejected(rules.parse_amount, "五万", "元") == "「五万」不是有效金额"
    assert rejected(rules.parse_amount, "-5", "元") == "「-5」金额不能为负数"


def test_counts():
    assert rules.parse_count("12") == 12
    assert rules.parse_count("12家") == 12
    assert rules.parse_count("1,200") == 1200
    assert rejected(rules.parse_count, "1.5") == "「1.5」不是有效数量（应为非负整数）"
    assert rejected(rules.parse_count, "-1") == "「-1」不是有效数量（应为非负整数）"
    assert rejected(rules.parse_count, "若干") == "「若干」不是有效数量（应为非负整数）"


# ---------------------------------------------------------------- 统一社会信用代码

@pytest.mark.parametrize("code", [
    "91350100M000100Y43",     # the example of GB 32100-2015
    "91110000710925462X",     # real published codes
    "91110108551385082Q",
])
def test_valid_credit_codes(code):
    assert rules.parse_credit_code(code) == code


def test_credit_code_is_folded():
    assert rules.parse_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert rules.parse_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


def test_credit_code_check_digit():
    assert rules.credit_check_char("91350100M000100Y4") == "3"
    assert rejected(rules.parse_credit_code, "91350100M000100Y44") == "「91350100M000100Y44」校验位错误（应为3）"


def test_credit_code_shape():
    # The message says which is wrong: the length, a character, or (test above) the check digit.
    assert rejected(rules.parse_credit_code, "91350100M000100Y4") == "「91350100M000100Y4」有17位，统一社会信用代码应为18位"
    assert rejected(rules.parse_credit_code, "91350100M000100Y433") == "「91350100M000100Y433」有19位，统一社会信用代码应为18位"
    # I, O, S, V, Z are not in the GB 32100 character set.
    assert rejected(rules.parse_credit_code, "91350100M000100YI3") == (
        "「91350100M000100YI3」第17位「I」不是统一社会信用代码可用的字符（数字及除I、O、S、V、Z外的大写字母）")
    # 18 characters with only the check digit outside the set: still named by position, not "not 18 digits".
    assert rejected(rules.parse_credit_code, "91350100M000100Y4Z") == (
        "「91350100M000100Y4Z」第18位「Z」不是统一社会信用代码可用的字符（数字及除I、O、S、V、Z外的大写字母）")


# ---------------------------------------------------------------- 督导组 and submission nodes

@pytest.mark.parametrize("text,group", [
    ("第一督导组", "第一督导组"), ("一组", "第一督导组"), ("第1组", "第一督导组"), ("督导一组", "第一督导组"),
    ("第一组", "第一督导组"), ("1组", "第一督导组"), ("第１组", "第一督导组"), ("区安委会第一督导组", "第一督导组"),
    ("督导二组", "第二督导组"), ("第二督导组", "第二督导组"), ("第3组", "第三督导组"), ("六组", "第六督导组"),
])
def test_group_spellings(text, group):
    assert rules.parse_group(text) == group


@pytest.mark.parametrize("text", ["第七督导组", "督导组", "专家组"])
def test_unknown_group(text):
    assert rejected(rules.parse_group, text) == f"「{text}」不是督导组（应为第一督导组…第六督导组）"


@pytest.mark.parametrize("text,node", [
    ("04-25", 1), ("第一次", 1), ("4月25日", 1), ("第1次", 1), ("2022-04-25", 1), ("4.25", 1),
    ("05-25", 2), ("第二次", 2), ("5月25日", 2), ("2022年5月25日", 2),
    ("10-25", 3), ("第三次", 3), ("10月25日", 3),
])
def test_submission_nodes(text, node):
    assert rules.parse_node(text) == node


def test_unknown_node():
    assert rejected(rules.parse_node, "第四次") == "「第四次」不是报送节点（应为04-25/05-25/10-25/总结或第一次/第二次/第三次）"
    assert rejected(rules.parse_node, "2022-06-25") == "「2022-06-25」不是报送节点（应为04-25/05-25/10-25/总结或第一次/第二次/第三次）"


# ---------------------------------------------------------------- header synonyms

@pytest.mark.parametrize("written,key,unit", [
    ("所属乡（街道）", "所属乡街道", None),
    (" 所属乡 (街道) ", "所属乡街道", None),
    ("隐 患 描 述", "隐患描述", None),
    ("发现日期*", "发现日期", None),
    ("【整改时限】", "整改时限", None),
    ("罚款金额（万元）", "罚款金额", "万元"),
    ("罚款金额(元)", "罚款金额", "元"),
    ("罚款金额[万元]", "罚款金额", "万元"),
    ("罚款金额万元", "罚款金额", "万元"),
    ("罚款金额 单位：万元", "罚款金额", "万元"),
    ("整改资金（万元）", "整改资金", "万元"),
    ("检查单位数（家）", "检查单位数", None),
])
def test_header_key(written, key, unit):
    assert header_key(written) == (key, unit)


@pytest.mark.parametrize("ledger,parts,field", [
    ("hazards", ["所属乡（街道）"], "unit"),
    ("hazards", ["乡镇（街道）"], "unit"),
    ("hazards", ["企业名称"], "enterprise"),
    ("hazards", ["隐患内容"], "description"),
    ("hazards", ["隐患级别"], "level"),
    ("hazards", ["排查日期"], "found_date"),
    ("hazards", ["整改情况", "完成日期"], "rectified_date"),
    ("hazards", ["整改情况", "整改状态"], "status"),
    ("hazards", ["整改情况", "整改资金（万元）"], "funds_yuan"),
    ("hazards", ["是否整改"], "rectified_flag"),
    ("hazards", ["序号"], "seq"),
    ("enforcement", ["罚款金额（万元）"], "fine_yuan"),
    ("enforcement", ["案号"], "case_no"),
    ("enforcement", ["处罚措施"], "measures"),
    ("supervision", ["督导组别"], "group"),
    ("monthly_reports", ["检查单位数（家）"], "units_checked"),
    ("submissions", ["报送批次"], "node"),
    ("tips", ["举报方式"], "channel"),
    ("hazards", ["与台账无关的列"], None),
])
def test_match_header(ledger, parts, field):
    assert match_header(ledger, parts) == field


TRICKY_TEXT = ["  企业（A） 有限公司 ", "ａｂｃ　ｄ", "x\u1680y", "\u3000\u3000", "", "a\tb\nc", "Ab(c)d", "\x85x\x1cy ",
               "ﾊﾝｶｸ", "中 文\u2028行", None, "Ⅻ号", "①", "  ZH-mz-2022-0001 "]


def test_column_wise_text_rules_equal_the_scalar_rules():
    import pyarrow as pa

    values = pa.array(TRICKY_TEXT, pa.string())
    assert rules.fold_array(values).to_pylist() == [rules.fold(t) for t in TRICKY_TEXT]
    assert rules.clean_text_array(values).to_pylist() == [rules.clean_text(t) for t in TRICKY_TEXT]
    assert rules.fold_name_array(values).to_pylist() == [rules.fold_name(t) for t in TRICKY_TEXT]


# ---------------------------------------------------------------- 经度/纬度

@pytest.mark.parametrize("text,kind,value", [
    ("113.3012", "longitude", 113.3012), ("113.3012°", "longitude", 113.3012), ("E113.3", "longitude", 113.3),
    ("１１３．３", "longitude", 113.3), ("33.74", "latitude", 33.74), ("北33.74", "latitude", 33.74),
    ("33.74度", "latitude", 33.74)])
def test_degrees(text, kind, value):
    assert rules.parse_degrees(text, kind) == pytest.approx(value)


def test_degrees_refused_with_a_reason():
    with pytest.raises(ValueRejected, match="不是有效经度.*经度、纬度是否填反"):
        rules.parse_degrees("33.74", "longitude")          # a latitude in the 经度 column
    with pytest.raises(ValueRejected, match="不是有效纬度.*3 至 54"):
        rules.parse_degrees("113.3", "latitude")
    with pytest.raises(ValueRejected, match="「东经一百一十三」不是有效经度"):
        rules.parse_degrees("东经一百一十三", "longitude")
