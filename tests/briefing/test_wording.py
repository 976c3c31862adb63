"""The briefing's Chinese paragraphs (safetyboard/briefing/wording.py), read from whole briefings: on the golden
fixture (tests/fixture_ledgers.py), then with the loop ledgers (tests/fixture_loop.py, numbers as counted in
tests/metric_rules/test_loop.py). The expected numbers were worked out by hand from the fixture rows; the comments say how
(A = 2022-10-31, S = campaign start 2022-04-01 unless a test says otherwise)."""
from __future__ import annotations

import datetime as dt

from docx_support import make_briefing, table_rows, text_of

from safetyboard.briefing import layout, wording

A = dt.date(2022, 10, 31)


def test_district_numbers_in_the_text(district):
    _result, d = district
    text = text_of(d)
    # In [S, A]: H01-H08, H11, H12 = 10; rectified H01, H02 (销号), H11 (no date), H12 = 4 -> 40.0%;
    # overdue H03, H05, H07 = 3; 重大 H02, H05 = 2; 临期 H08 (due 10-31) and H06 (11-05) = 2; enterprises A-F = 6.
    assert ("截至10月31日，全区共排查生产经营单位6家，排查隐患10处，其中重大隐患2处，挂牌督办2处；已整改4处，整改率40.0%；"
            "重大隐患已整改1处，整改率50.0%。逾期未整改3处，临期（7日内到期）2处") in text
    # Previous = as of 10-24 (A - 7): the same 10 / 4 / 3 (nothing found, rectified or fallen overdue since).
    # Nothing new reads as words, not as zeros and "持平".
    assert ("本期（10月25日至10月31日）未报告新排查隐患，也没有新完成整改的隐患，整改率仍为40.0%，"
            "逾期未整改隐患仍为3处（上期指截至10月24日，即本期截止日前7天）。") in text
    # 重大 and 挂牌督办: H02 区级 rectified, H05 市级 open since its 10-01 deadline (30 days), no 预案.
    assert "全区排查重大隐患2处，已整改1处（其中已销号1处），整改率50.0%" in text     # H02 销号
    assert "全部落实1处，占50.0%" in text
    assert "挂牌督办隐患2处（市级1处、区级1处），已整改1处。" in text
    # The open one: what, how late, who is responsible (整改责任人 李四), what of the 五落实 is missing.
    assert "尚未整改的重大隐患1处，其中已逾期1处：" in text
    assert ("1. 九里山街道企业C有限公司“储罐区无泄漏报警”（市级挂牌）：已逾期30天（期限10月1日）；责任人李四，"
            "应急管理局监管；“五落实”缺预案。") in text
    assert "看板" not in text
    # Behind, one by one: 九里山 H05 (30 days), H07 (16); 马庄 H03 (07-01 -> 122 days).
    assert ("全区逾期未整改隐患3处，涉及2个乡/街道：九里山街道2处（最长逾期30天）、马庄街道1处（最长逾期122天）。"
            "按监管部门：应急管理局1处、住房和城乡建设局1处、市场监督管理局1处。逾期隐患清单见表1。") in text
    assert "曹镇乡企业E“软管老化”（10月31日到期）" in text and "企业C有限公司“标识不清”（11月5日到期）" in text
    # 自查报告: 87 expected, 4 on time, 1 late (马庄 05-26), 82 missing; node 1 missing = 29 - 3 on time = 26.
    assert "自查报告应报送87份，按时报送4份，迟报1份，未报送82份，报送及时率4.6%" in text
    # 83 rows behind (more than can be named): the reporters who missed a node, the first three in the reporters'
    # order with the nodes they missed; 28 of them = 29 reporters less 马庄 (nodes 1 and 3 on time, node 2 late).
    assert ("未报送的有南环路街道（第一次、第二次、第三次）、姚孟街道（第一次、第二次、第三次）、轻工路街道（第一次、第二次、"
            "第三次）等28个单位；迟报、未报送名单见Excel附表“报送滞后”。") in text
    # 打非治违月报: on time 应急管理局 and 住建局 for September. 月报 months June-October (campaign.toml), due by A June-September: 19 x 4 = 76; 2 on time, 2/76 = 2.6%.
    assert "打非治违月报应报送76份，按时报送2份，迟报0份，未报送74份，及时率2.6%" in text
    assert "未按时报送的有应急管理局、住房和城乡建设局、交通运输局等19个部门。" in text
    # 回头看: 第一组 马庄 reached (10-10), 应急管理局 not; 第二组 企业C (10-20) yes, 九里山 only on 09-28; 第三组 11-02.
    assert ("督导组“回头看”覆盖率：第一督导组50.0%（分工对象2个，已回头看1个）、第二督导组50.0%（分工对象2个，已回头看1个）、"
            "第三督导组0.0%（分工对象1个，已回头看0个）；第四督导组、第五督导组、第六督导组暂无分工。") in text
    assert "尚未“回头看”的分工对象：第一督导组——应急管理局（部门）；第二督导组——九里山街道；第三督导组——曹镇乡。" in text
    # 执法: C1-C3, C5 (C4 filed 11-02); fines 5万 + 3,000 + 0 = 5.3万; C5 (10-31) is this period's only case.
    assert "全区立案查处执法案件4起，罚款5.3万元；其中责令停产停业整顿1起，关闭取缔1起，移送司法1起。" in text
    assert "本期新立案1起。" in text
    assert layout.NEXT_STEPS in text


def test_group_briefing(store):
    result, d = make_briefing(store, as_of=A, group="一组")
    text = text_of(d)
    assert result.file_name == "湛河区安全生产大检查工作简报_第31期_第一督导组_20221031.docx"
    assert d.paragraphs[2].text == "湛河区安全生产委员会第一督导组\t2022年10月31日"
    assert d.paragraphs[3].text == "第一督导组督导范围安全生产大检查工作进展情况"
    assert "第一督导组督导范围（乡/街道：马庄街道；部门：应急管理局）" in text
    # Units through $units = [马庄]: H01-H04, H12 -> 5; done H01, H02, H12 -> 60.0%; overdue H03; 重大 H02.
    assert "截至10月31日，马庄街道共排查生产经营单位2家，排查隐患5处，其中重大隐患1处，挂牌督办1处；已整改3处，整改率60.0%" in text
    assert "马庄街道逾期未整改隐患1处，最长逾期122天。" in text
    # Departments through $departments = [应急管理局]: H01, H02, H05, H06, H11, H12 -> 6 (企业A, C, F); done 4.
    assert "截至10月31日，应急管理局监管领域共排查生产经营单位3家，排查隐患6处，其中重大隐患2处，挂牌督办2处；已整改4处，整改率66.7%" in text   # listed H02, H05
    assert "应急管理局监管领域逾期未整改的隐患：九里山街道企业C有限公司“储罐区无泄漏报警”（逾期30天）。" in text
    # Only the group's reporters are named; 应急管理局 sent node 3 on 11-01 (after A): missing.
    assert "第三次（10月25日）自查报告未报送的有应急管理局（共1个）。" in text
    assert "南环路街道" not in text
    # 应急 only: June-September due = 4, September on time.
    assert "打非治违月报应报送4份，按时报送1份，迟报0份，未报送3份，及时率25.0%。未按时报送的部门：应急管理局（6月至8月未报）。" in text
    assert "尚未“回头看”的分工对象：第一督导组——应急管理局（部门）。" in text
    assert "马庄街道立案查处执法案件2起，罚款5万元" in text          # C1 (5万元), C2
    assert "应急管理局立案查处执法案件1起，罚款5万元" in text        # C1 (C4 after A)
    body = {r[0]: r[1:] for r in table_rows(d, "乡/街道")[2:]}
    assert list(body) == ["马庄街道", "合计"]
    assert body["合计"][:4] == ["2", "4", "2", "50.0"]


def test_unit_briefing_with_given_period(store):
    result, d = make_briefing(store, unit="曹镇", as_of=A, since=dt.date(2022, 10, 1), issue_no=7)
    text = text_of(d)
    assert result.file_name == "湛河区安全生产大检查工作简报_第7期_曹镇乡_20221031.docx"
    assert d.paragraphs[1].text == "第7期"
    # 曹镇乡: H08 (10-01), H11 (10-20, done without a date); H09 after A, H10 before S.
    assert "截至10月31日，曹镇乡共排查生产经营单位2家，排查隐患2处，未排查出重大隐患；已整改1处，整改率50.0%" in text
    # Previous = 09-30: nothing yet, so both are new in this period.
    assert "本期（10月1日至10月31日）新排查隐患2处，新完成整改1处" in text
    assert "上期指截至9月30日，即本期起始日前一日" in text
    assert "曹镇乡无逾期未整改隐患。" in text
    assert "第三督导组截至10月31日尚未对曹镇乡开展“回头看”。" in text    # its 回头看 was on 11-02
    assert "曹镇乡立案查处执法案件1起；其中移送司法1起。" in text       # C5 (10-31); C4 on 11-02
    assert "第一次（4月25日）自查报告未报送的有曹镇乡（共1个）。" in text
    assert [t.rows[0].cells[0].text for t in d.tables if t.rows[0].cells[0].text != "序号"] == ["行业领域"]


def test_month_span():
    months = [dt.date(2022, m, 1) for m in (4, 5, 6, 8, 10, 11)]
    assert wording.month_span(months) == "4月至6月、8月、10月至11月"
    assert wording.month_span([dt.date(2022, 9, 1)]) == "9月"


def test_first_period_has_nothing_to_compare(store):
    _result, d = make_briefing(store, as_of=A, since=dt.date(2022, 4, 1))
    assert "本期为活动开始后的首期简报，暂无上期数据可比" in text_of(d)



# ---------------------------------------------------------------- with the loop ledgers



def test_group_briefing_names_problems_per_target(loop_store):
    _result, d = make_briefing(loop_store, as_of=A, group="一组")
    text = text_of(d)
    assert "三、督导发现问题整改情况" in text
    # P01-P05: rectified P01 P03 P05; open P02 (overdue) P04; 复查 未通过 P02; 销号 P01
    assert "截至10月31日，第一督导组共发现问题5个，已整改3个，尚未整改2个（其中逾期1个），复查未通过1个，已销号1个。" in text
    assert ("1. 马庄街道：发现问题4个，已整改2个，复查未通过1个（辖区企业隐患台账未建立）；尚未整改：辖区企业隐患台账未建立"
            "（已逾期）；回头看发现九小场所消防通道堵塞。10月10日“回头看”复查此前问题3个，已整改1个。") in text
    assert "2. 应急管理局：发现问题1个，已整改1个，均已整改。" in text
    assert "约谈、通报和问责" not in text                   # a group briefing has its problems instead


def test_district_briefing_has_listing_and_accountability(loop_store):
    _result, d = make_briefing(loop_store, as_of=A)
    text = text_of(d)
    # register as of A: 5 挂牌, 2 摘牌, 3 open (省级 H08, 市级 H05, 区级 H06), 2 past their 时限 (H05, H08)
    # (the levels of the open ones are not repeated: the ledger's 挂牌督办 sentence before it gives the levels)
    assert "挂牌督办登记5处，已验收摘牌2处，挂牌未摘牌3处，其中超过整改时限仍未摘牌2处。" in text
    assert "共开展约谈、通报、问责4次：约谈2次、通报批评1次、警示函1次。" in text
    assert "8月1日，约谈九里山街道（重大隐患整改滞后），湛安委办〔2022〕12号。" in text
    assert "（四）约谈、通报和问责" in text


def test_unit_briefing_has_only_its_own_records(loop_store):
    _result, d = make_briefing(loop_store, as_of=A, unit="九里山")
    text = text_of(d)
    # 九里山: H05 (市级, overdue) and H06 (区级) open; 约谈 of 九里山 and 警示函 to its 企业C
    assert "挂牌督办登记2处，已验收摘牌0处，挂牌未摘牌2处，其中超过整改时限仍未摘牌1处。" in text
    assert "共开展约谈、通报、问责2次：约谈1次、警示函1次。" in text
    assert "住房和城乡建设局" not in text.split("约谈、通报和问责")[-1]
