"""The 执法检查 page under Streamlit's AppTest, on the fixture database (tests/fixture_ledgers.py). The default 统计截止日 is the latest date in the data,
2022-11-10; the expected numbers are worked out by hand from the fixture rows (see the comments and the query
tests)."""
from apptest_support import frame_with, metrics, texts

MAZHUANG = "410411001000"


# ---------------------------------------------------------------- 执法检查

def test_enforcement_default(run_page):
    at = run_page("enforcement")
    # A = 11-10: all five cases; fines 5万 + 3,000 + 1,000 + 0 = 54,000 元.
    assert at.title[0].value == "执法检查"
    assert metrics(at)[:7] == [("执法案件数·案件台账", "5"), ("罚款总额·案件台账", "5.40 万元"), ("停产停业整顿·案件台账", "1"), ("关闭取缔·案件台账", "1"),
                               ("移送司法·案件台账", "1"), ("典型案例·案件台账", "2"), ("曝光·案件台账", "1")]
    months = frame_with(at, "月份", "案件数")
    assert dict(zip(months["月份"], months["案件数"]))["2022-11"] == 1          # C4, 11-02
    assert "监管企业数" in texts(at.caption)                                     # the ranking says what it divides by


def test_enforcement_narrowed(run_page):
    # 马庄, A = 10-31: C1 (罚款、责令改正, 5万元, 典型) and C2 (停产整顿).
    at = run_page("enforcement", units=MAZHUANG, as_of="2022-10-31")
    assert metrics(at)[:7] == [("执法案件数·案件台账", "2"), ("罚款总额·案件台账", "5.00 万元"), ("停产停业整顿·案件台账", "1"), ("关闭取缔·案件台账", "0"),
                               ("移送司法·案件台账", "0"), ("典型案例·案件台账", "1"), ("曝光·案件台账", "0")]
    rank = frame_with(at, "排名", "部门", "监管企业数")
    assert list(rank["部门"]) == ["应急管理局", "住房和城乡建设局"]
    grid = frame_with(at, "部门", "季度", "典型案例数")
    short = grid[(grid["部门"] == "住房和城乡建设局") & (grid["季度"] == "2022年第2季度")]
    assert list(short["情况"]) == ["不足"]


def test_enforcement_recheck_phase(run_page):
    # 回头看 = 10-01..; A = 10-31: only C5 (消防, 警告/移送司法, 0 元, 典型).
    at = run_page("enforcement", phase="回头看", as_of="2022-10-31")
    assert metrics(at)[:7] == [("执法案件数·案件台账", "1"), ("罚款总额·案件台账", "0.00 万元"), ("停产停业整顿·案件台账", "0"), ("关闭取缔·案件台账", "0"),
                               ("移送司法·案件台账", "1"), ("典型案例·案件台账", "1"), ("曝光·案件台账", "0")]


def test_enforcement_cross_checks(reg_page):
    at = reg_page("enforcement", as_of="2022-10-31")
    m = dict(metrics(at))
    assert (m["逾期未改未处罚"], m["重大隐患未处罚"], m["自查自改仍处罚"]) == ("3", "1", "2")
    listed = frame_with(at, "隐患编号", "一企一档", "逾期")
    assert sorted(listed["隐患编号"]) == ["X03", "X04", "X05", "X11"]
    assert any("按代码匹配 1 处" in c.value and "按名称匹配 1 处" in c.value for c in at.caption)


def test_case_list_links_each_party_to_its_file(reg_page):
    from fixture_register import CA, CX
    from ui.enterprise_links import url
    at = reg_page("enforcement", as_of="2022-10-31")
    cases = frame_with(at, "案件编号", "当事人", "一企一档")
    # tests/fixture_register.py: the nine cases K1–K9, filed 05-20 … 08-01, newest first (same day by case number)
    assert list(cases["案件编号"]) == ["K5", "K7", "K8", "K9", "K1", "K3", "K6", "K2", "K4"]
    link = dict(zip(cases["案件编号"], cases["一企一档"]))
    # by 统一社会信用代码 when the case has one (K1 writes 甲 公司, K3 丙公司 under CX), else by the name as stored
    # (K2's 乙（有限）公司 cleaned on import: NFKC turns the full-width brackets into ASCII ones)
    assert (link["K1"], link["K3"], link["K2"]) == (url("甲 公司", CA), url("丙公司", CX), url("乙(有限)公司"))
    assert link["K1"] == f"enterprise?q={CA}" and cases["一企一档"].notna().all()


def test_case_list_draws_its_first_rows_and_the_download_keeps_them_all(reg_page, monkeypatch, downloads):
    # 2,000 cases went to the browser on every run (400 KB at 1M hazards): the first rows are drawn, all downloaded.
    import io

    import openpyxl

    from fixture_register import CA
    from ui import widgets
    monkeypatch.setattr(widgets, "LIST_SHOWN_ROWS", 3)
    at = reg_page("enforcement", as_of="2022-10-31")
    cases = frame_with(at, "案件编号", "当事人", "一企一档")
    assert list(cases["案件编号"]) == ["K5", "K7", "K8"]          # the newest three of K1–K9
    assert list(cases.columns[:4]) == ["案件编号", "执法部门", "当事人", "一企一档"]   # the link beside the party
    assert any("表中显示前 3 条，共 9 条；下载的 Excel 含全部 9 条" in c.value for c in at.caption)
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["dl_enf_cases"]())).active
    cells = {c.value for row in sheet.iter_rows() for c in row}
    assert {f"K{i}" for i in range(1, 10)} <= cells and f"enterprise?q={CA}" in cells
