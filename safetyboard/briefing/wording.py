"""The briefing's Chinese paragraphs, from the collected numbers (no query here)."""
from __future__ import annotations

import datetime as dt

from .. import rules
from ..formatting import cn_date_in_year, percent, wan
from ..formatting import cn_month_day as md
from ..overview_text import summary_paragraph
from .attachment import (SHEET_ACCOUNTABILITY, SHEET_MAJORS, SHEET_OVERDUE, SHEET_REPORTING, SHEET_UPCOMING,
                         by_urgency, see_sheet)
from .collect import BriefingData

# The body stays within four pages; what it cuts is in the Excel 附表 (attachment.py), and the text says so.
OVERDUE_TABLE_ROWS = 10          # 表1: the longest overdue
MAJORS_NAMED = 2                 # open 重大隐患 described one by one (longest overdue first)
UPCOMING_NAMED = 10              # 临期 hazards named one by one; more are counted per 乡/街道
BEHIND_NAMED = 6                 # 报送 rows named one by one (with dates); more: counts per node, 未报送 named
GROUPS_NAMED = 3                 # 乡/街道, departments, 处罚种类 named in a count list; more end in 等
ACCOUNTABILITY_NAMED = 5         # 约谈/通报/问责 records named when there are no more than this


def as_int(value) -> int:
    """A count from a query (None when the row is missing) as an int."""
    return int(value or 0)


def _counts(rows: list[dict], name: str, count: str, unit: str, extra=None) -> str:
    """"A 3处、B 2处" with the largest first; more than GROUPS_NAMED end in 等 (the full list is in the 附表)."""
    rows = sorted(rows, key=lambda r: -as_int(r[count]))
    text = "、".join(f"{r[name]}{as_int(r[count])}{unit}" + (extra(r) if extra else "") for r in rows[:GROUPS_NAMED])
    return text + ("等" if len(rows) > GROUPS_NAMED else "")


def _change(now: int, before: int, unit: str = "处") -> str:
    d = now - before
    return "持平" if d == 0 else (f"增加{d}{unit}" if d > 0 else f"减少{-d}{unit}")


def _rate_change(now, before) -> str:
    if now is None or before is None:
        return ""
    points = round((float(now) - float(before)) * 100, 1)
    if points == 0:
        return f"整改率仍为{percent(now)}"
    return f"整改率较上期（{percent(before)}）{'提高' if points > 0 else '下降'}{abs(points):.1f}个百分点"


def progress_paragraphs(data: BriefingData, hazards: dict, before: dict | None, scope_words: str) -> list[str]:
    """The 总体进展 passage: the overview paragraph, then the change since the previous briefing."""
    period = data.period
    first = summary_paragraph(period.as_of, hazards, None, scope=scope_words,
                              upcoming_days=data.upcoming_days)
    if before is None:
        return [first, f"本期为活动开始后的首期简报，暂无上期数据可比（本期统计区间为{md(period.since)}至"
                       f"{md(period.as_of)}）。"]
    total, rectified = as_int(hazards.get("total")), as_int(hazards.get("rectified"))
    new, fixed = total - as_int(before.get("total")), rectified - as_int(before.get("rectified"))
    found = f"新排查隐患{new}处" if new > 0 else ("未报告新排查隐患" if new == 0 else f"隐患数较上期减少{-new}处")
    done = f"新完成整改{fixed}处" if fixed > 0 else ("也没有新完成整改的隐患" if new == 0 and fixed == 0 else
                                                 "没有新完成整改的隐患" if fixed == 0 else f"已整改数较上期减少{-fixed}处")
    parts = [f"本期（{md(period.since)}至{md(period.as_of)}）{found}，{done}"]
    rate = _rate_change(hazards.get("rectification_rate"), before.get("rectification_rate"))
    if rate:
        parts.append(rate)
    overdue, overdue_before = as_int(hazards.get("overdue")), as_int(before.get("overdue"))
    parts.append(f"逾期未整改隐患仍为{overdue}处" if overdue == overdue_before else
                 f"逾期未整改隐患较上期{_change(overdue, overdue_before)}")
    return [first, "，".join(parts) + f"（{period.basis}）。"]


def _five_missing(row: dict) -> list[str]:
    names = (("has_responsible", "责任人"), ("has_measures", "措施"), ("has_funds", "资金"),
             ("has_deadline", "时限"), ("has_plan", "预案"))
    return [label for key, label in names if not row.get(key)]


def major_paragraphs(data: BriefingData) -> list[str]:
    h, where = data.hazards, data.scope.territory
    major = as_int(h.get("major"))
    listed = as_int(h.get("listed"))
    if not major and not listed:
        return [f"{where}未排查出重大隐患，无挂牌督办隐患。"]
    out = []
    if major:
        out.append(
            f"{where}排查重大隐患{major}处，已整改{as_int(h.get('major_rectified'))}处（其中已销号"
            f"{as_int(h.get('major_closed'))}处），整改率{percent(h.get('major_rectification_rate'))}；“五落实”全部落实"
            f"{as_int(h.get('five_complete'))}处，占{percent(h.get('five_complete_rate'))}。")
    else:
        out.append(f"{where}未排查出重大隐患。")
    open_majors = by_urgency([r for r in data.majors if not r["rectified"]], data.period.as_of)
    if open_majors:   # in the paragraph of the 重大 numbers, the most urgent after it one by one
        shown = open_majors[:MAJORS_NAMED]
        late = sum(1 for r in open_majors if r.get("overdue"))
        head = f"尚未整改的重大隐患{len(open_majors)}处" + (f"，其中已逾期{late}处" if late else "，均未逾期")
        if len(open_majors) > len(shown):
            head += f"。逾期时间最长的{len(shown)}处如下（全部{see_sheet(SHEET_MAJORS)}）"
        out[0] += head + "："
        year = data.period.campaign_start.year
        for i, r in enumerate(shown, 1):
            out.append(f"{i}. " + major_sentence(r, data.period.as_of, year))
    if listed:
        levels = "、".join(f"{r['level']}{r['listed']}处" for r in data.listed_levels if not r["is_total"])
        total = next((r for r in data.listed_levels if r["is_total"]), {})
        out.append(f"挂牌督办隐患{listed}处（{levels}），已整改{as_int(total.get('rectified'))}处。")
    return out


def major_sentence(r: dict, as_of: dt.date, year: int) -> str:
    """One open 重大隐患: where and what, what is late and by how many days, who is responsible, what else is
    missing of the 五落实 (nothing when it is complete: no sentence repeats from one hazard to the next)."""
    s = f"{r['unit']}{r['enterprise']}“{r['description']}”"
    if r.get("listed") and r["listed"] != "否":
        s += f"（{r['listed']}挂牌）"
    deadline = r.get("deadline_in_force")
    if deadline is None:
        late = "未定整改时限"
    elif r.get("overdue"):
        late = f"已逾期{(as_of - deadline).days}天（期限{cn_date_in_year(deadline, year)}）"
    else:
        left = (deadline - as_of).days
        late = f"期限{cn_date_in_year(deadline, year)}，" + ("今日到期" if left == 0 else f"还有{left}天")
    who = [f"责任人{r['responsible']}" if r.get("responsible") else "未明确整改责任人"]
    if r.get("department"):
        who.append(f"{r['department']}监管")
    s += f"：{late}；{'，'.join(who)}"
    missing = [m for m in _five_missing(r) if m not in ("责任人", "时限")]   # both said just before
    if missing:
        s += f"；“五落实”缺{'、'.join(missing)}"
    return s + "。"


def overdue_paragraphs(data: BriefingData) -> list[str]:
    h, where = data.hazards, data.scope.territory
    overdue = as_int(h.get("overdue"))
    out = []
    if overdue:
        s = f"{where}逾期未整改隐患{overdue}处"
        if len(data.overdue_units) == 1 and len(data.scope.unit_codes) == 1:
            s += f"，最长逾期{data.overdue_units[0]['max_days_overdue']}天。"
        else:
            many = len(data.overdue_units) > GROUPS_NAMED
            units = _counts(data.overdue_units, "unit", "overdue", "处",
                            None if many else lambda r: f"（最长逾期{r['max_days_overdue']}天）")
            if many:   # the longest once, for the district
                longest = max(data.overdue_units, key=lambda r: r["max_days_overdue"])
                units += f"，最长逾期{longest['max_days_overdue']}天（{longest['unit']}）"
            s += f"，涉及{len(data.overdue_units)}个乡/街道{'，较多的是' if many else '：'}{units}。"
        if len(data.overdue_departments) > GROUPS_NAMED:
            top = max(data.overdue_departments, key=lambda r: as_int(r["overdue"]))
            s += f"按监管部门，{top['label']}最多（{as_int(top['overdue'])}处）。"
        elif data.overdue_departments:
            s += "按监管部门：" + _counts(data.overdue_departments, "label", "overdue", "处") + "。"
        shown = min(overdue, OVERDUE_TABLE_ROWS)
        s += (f"逾期时间最长的{shown}处见表1，全部{overdue}处{see_sheet(SHEET_OVERDUE)}。" if overdue > shown
              else "逾期隐患清单见表1。")
        out.append(s)
    else:
        out.append(f"{where}无逾期未整改隐患。")
    upcoming = [r for r in data.overdue_list if r["kind"] == "upcoming"]
    if upcoming:
        head = f"另有临期（{data.upcoming_days}日内到期）隐患{as_int(h.get('upcoming'))}处"
        if len(upcoming) <= UPCOMING_NAMED:
            named = "：" + "、".join(f"{r['unit']}{r['enterprise']}“{r['description']}”（{md(r['deadline_in_force'])}到期）"
                                    for r in upcoming)
        else:   # many: the list is in the 附表
            named = f"（{see_sheet(SHEET_UPCOMING)}）"
        out[0] += f"{head}{named}，请督促按期完成整改。"   # one paragraph with the overdue passage
    return out


NODE_WORDS = {1: "第一次", 2: "第二次", 3: "第三次", 4: "第四次", 5: "第五次", 6: "第六次"}


WITHHELD = "（本账号无权查看全区报送和督导汇总，此部分从略。）"


def month_span(months: list[dt.date]) -> str:
    """Report months in words, runs of consecutive months joined: 4月至8月、10月."""
    runs: list[list[dt.date]] = []
    for m in sorted(months):
        if runs and (m.year * 12 + m.month) - (runs[-1][-1].year * 12 + runs[-1][-1].month) == 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return "、".join(f"{r[0].month}月" if len(r) == 1 else f"{r[0].month}月至{r[-1].month}月" for r in runs)


def reporting_paragraphs(data: BriefingData) -> list[str]:
    if "submission_grid" in data.withheld:
        return [WITHHELD]
    out = []
    s = data.submissions
    if s is not None and s.get("expected"):
        out.append(f"自查报告应报送{as_int(s['expected'])}份，按时报送{as_int(s['on_time'])}份，迟报{as_int(s['late'])}份，"
                   f"未报送{as_int(s['missing'])}份，报送及时率{percent(s.get('on_time_rate'))}（未报送按迟报计）。")
    if len(data.submissions_behind) > BEHIND_NAMED:
        # many: the reporters who sent nothing, with the nodes they missed; every row in the 附表
        missed: dict[str, list[str]] = {}
        for r in sorted(data.submissions_behind, key=lambda r: r["node"]):
            if r["state"] == "missing":
                missed.setdefault(r["reporter"], []).append(NODE_WORDS.get(r["node"], f"第{r['node']}次"))
        named = "、".join(f"{k}（{'、'.join(v)}）" for k, v in list(missed.items())[:GROUPS_NAMED])
        text = (f"未报送的有{named}" + (f"等{len(missed)}个单位" if len(missed) > GROUPS_NAMED else "") + "；"
                if missed else "")
        text += f"迟报、未报送名单{see_sheet(SHEET_REPORTING)}。"
        if out:
            out[0] = out[0][:-1] + "。" + text
        else:
            out.append(text)
    elif data.submissions_behind:
        nodes: dict[int, list[dict]] = {}
        for r in data.submissions_behind:
            nodes.setdefault(r["node"], []).append(r)
        for node, rows in sorted(nodes.items()):
            due = rows[0]["due"]
            head = f"{NODE_WORDS.get(node, f'第{node}次')}（{md(due)}）自查报告"
            missing = [r["reporter"] for r in rows if r["state"] == "missing"]
            late = [f"{r['reporter']}（{md(r['submitted_date'])}报送）" for r in rows if r["state"] == "late"]
            parts = []
            if missing:
                parts.append(f"未报送的有{'、'.join(missing)}（共{len(missing)}个）")
            if late:
                parts.append(f"迟报的有{'、'.join(late)}")
            out.append(head + "，".join(parts) + "。")
    elif data.scope.kind != "district" or (s and s.get("expected")):
        out.append("自查报告均已按时报送。" if data.scope.kind == "district" else
                   f"{data.scope.label}各单位自查报告均已按时报送。")
    m = data.monthly_summary
    if m is not None and m.get("expected"):
        text = (f"打非治违月报应报送{as_int(m['expected'])}份，按时报送{as_int(m['on_time'])}份，迟报{as_int(m['late'])}份，"
                f"未报送{as_int(m['missing'])}份，及时率{percent(m.get('on_time_rate'))}。")
        late_departments = list(dict.fromkeys(r["reporter"] for r in data.monthly_behind))
        if len(late_departments) > GROUPS_NAMED:
            text += f"未按时报送的有{'、'.join(late_departments[:GROUPS_NAMED])}等{len(late_departments)}个部门。"
            if out and len(data.submissions_behind) > BEHIND_NAMED:   # both long: one paragraph
                out[-1] += text
                return out
        elif data.monthly_behind:
            by_dept: dict[str, dict[str, list[str]]] = {}
            for r in data.monthly_behind:
                states = by_dept.setdefault(r["reporter"], {"missing": [], "late": []})
                states[r["state"]].append(r["month"])
            named = []
            for dept, states in by_dept.items():
                bits = []
                if states["missing"]:
                    bits.append(month_span(states["missing"]) + "未报")
                if states["late"]:
                    bits.append(month_span(states["late"]) + "迟报")
                named.append(f"{dept}（{'，'.join(bits)}）")
            text += "未按时报送的部门：" + "；".join(named) + "。"
        out.append(text)
    return out


def recheck_paragraphs(data: BriefingData) -> list[str]:
    period = data.period
    if data.recheck_start and period.as_of < data.recheck_start:
        return [f"督导组“回头看”将于{md(data.recheck_start)}开始。"]
    if "recheck_grid" in data.withheld:
        return [WITHHELD]
    if data.scope.kind == "unit":
        if not data.recheck_unit:
            return [f"{data.scope.name}不在督导组分工范围内（请核对督导组分工表）。"]
        out = []
        for r in data.recheck_unit:
            if r["reached"]:
                out.append(f"{r['group']}已于{md(r['first_recheck'])}对{data.scope.name}开展“回头看”。")
            else:
                out.append(f"{r['group']}截至{md(period.as_of)}尚未对{data.scope.name}开展“回头看”。")
        return out
    groups = [r for r in data.coverage if r["assigned"]]
    idle = [r["group"] for r in data.coverage if not r["assigned"]]
    out = []
    if groups:
        if len(groups) <= GROUPS_NAMED:
            s = "督导组“回头看”覆盖率：" + "、".join(
                f"{r['group']}{percent(r['coverage'])}（分工对象{r['assigned']}个，已回头看{r['covered']}个）"
                for r in groups)
        else:   # many groups: highest first, equal rates together (the counts are in the chart, 附件1)
            by_rate: dict[str, list[str]] = {}
            for r in sorted(groups, key=lambda r: -(r["coverage"] or 0)):
                by_rate.setdefault(percent(r["coverage"]), []).append(r["group"])
            s = "督导组“回头看”覆盖率：" + "，".join(
                "、".join(g.removesuffix("督导组") for g in names[:-1]) + ("、" if len(names) > 1 else "") + names[-1] + rate
                for rate, names in by_rate.items())
        if idle:
            s += "；" + "、".join(idle) + "暂无分工"
        out.append(s + "。")
    elif data.scope.kind == "district":
        out.append("尚未导入督导组分工表，无法统计“回头看”覆盖情况。")
    if data.recheck_missing:
        by_group: dict[str, list[str]] = {}
        for r in data.recheck_missing:
            kind = "" if r["target_kind"] == "乡/街道" else f"（{r['target_kind']}）"
            by_group.setdefault(r["group"], []).append(r["target"] + kind)
        if len(data.recheck_missing) > GROUPS_NAMED:   # many: the targets, their group after them
            by_group = {}
            for r in data.recheck_missing:
                by_group.setdefault(r["group"], []).append(r["target"])
            text = "尚未“回头看”的分工对象：" + "，".join(f"{'、'.join(t)}（{g}）" for g, t in by_group.items()) + "。"
            if out:
                out[-1] += text
            else:
                out.append(text)
        else:
            out.append("尚未“回头看”的分工对象：" + "；".join(f"{g}——{'、'.join(t)}" for g, t in by_group.items()) + "。")
    elif groups:
        out.append("各分工对象均已开展“回头看”。")
    return out


PROBLEMS_NAMED = 5               # a target's open problems quoted in the group's own words


def problem_paragraphs(data: BriefingData) -> list[str]:
    """Per target of a group: problems found, rectified, failed 复查, in the group's own words (问题描述)."""
    if "supervision_problems_by_target" in data.withheld:
        return [WITHHELD]
    if not data.problem_targets:
        return [f"截至{md(data.period.as_of)}，{data.scope.name}尚无督导发现问题记录（督导发现问题清单未导入或无问题）。"]
    t = data.problem_targets
    out = [f"截至{md(data.period.as_of)}，{data.scope.name}共发现问题{sum(r['found'] for r in t)}个，"
           f"已整改{sum(r['rectified'] for r in t)}个，尚未整改{sum(r['open'] for r in t)}个"
           f"（其中逾期{sum(r['overdue'] for r in t)}个），复查未通过{sum(r['recheck_failed'] for r in t)}个，"
           f"已销号{sum(r['closed'] for r in t)}个。"]
    recheck = {r["target_key"]: r for r in data.problem_recheck}
    for i, r in enumerate(t, 1):
        mine = [p for p in data.problems if p["target_key"] == r["target_key"]]
        s = f"{i}. {r['target']}：发现问题{r['found']}个，已整改{r['rectified']}个"
        if r["recheck_failed"]:
            failed = "；".join(p["description"] for p in mine if p["recheck_failed"])
            s += f"，复查未通过{r['recheck_failed']}个（{failed}）"
        still = [p for p in mine if p["open"]]
        if still:
            named = "；".join(p["description"] + ("（已逾期）" if p["overdue"] else "") for p in still[:PROBLEMS_NAMED])
            more = f"等{len(still)}个" if len(still) > PROBLEMS_NAMED else ""
            s += f"；尚未整改：{named}{more}"
        else:
            s += "，均已整改"
        x = recheck.get(r["target_key"])
        if x and x["found_before"]:
            s += (f"。{md(x['first_recheck'])}“回头看”复查此前问题{x['found_before']}个，"
                  f"已整改{x['rectified_by_recheck']}个")
        out.append(s + "。")
    return out


def listing_paragraphs(data: BriefingData, levels: bool = True) -> list[str]:
    """The 挂牌督办 register as of A: 挂牌, 摘牌, 挂牌未摘牌 (by level unless levels=False: said just before), 超期未摘牌."""
    x = data.listing
    if not x or not x.get("listed"):
        return []
    levels = levels and "、".join(f"{k}{x[v]}处" for k, v in (("省级", "open_province"), ("市级", "open_city"),
                                                             ("区级", "open_district")) if x[v])
    s = (f"挂牌督办登记{x['listed']}处，已验收摘牌{x['delisted']}处，挂牌未摘牌{x['open']}处"
         + (f"（{levels}）" if levels else ""))
    s += f"，其中超过整改时限仍未摘牌{x['overdue']}处。" if x["overdue"] else "，均在整改时限内。"
    return [s]


def accountability_paragraphs(data: BriefingData) -> list[str]:
    """约谈/通报/问责 in [S, A]: counts by type, then each record with its 发文字号."""
    records = data.accountability
    if "accountability_records" in data.withheld:
        return [WITHHELD]
    if not records:
        return ["统计期内未开展约谈、通报批评或问责。"]
    counts = {r["action_type"]: r["n"] for r in data.accountability_by_type}
    out = [f"共开展约谈、通报、问责{sum(counts.values())}次：" +
           "、".join(f"{k}{counts[k]}次" for k in rules.ACCOUNTABILITY_TYPES if counts.get(k)) + "。"]
    if len(records) > ACCOUNTABILITY_NAMED:
        return [out[0][:-1] + f"，逐次情况{see_sheet(SHEET_ACCOUNTABILITY)}。"]
    for r in sorted(records, key=lambda r: (r["action_date"], r["target"])):
        s = f"{md(r['action_date'])}，{r['action_type']}{r['target']}"
        if r.get("reason"):
            s += f"（{r['reason']}）"
        if r.get("doc_no"):
            s += f"，{r['doc_no']}"
        out.append(s + "。")
    return out


def enforcement_sentence(where: str, e: dict, before: dict | None, measures: list[dict] = (),
                         departments: list[dict] = ()) -> str:
    cases = as_int(e.get("cases"))
    if not cases:
        return f"{where}暂无立案查处的执法案件。"
    s = f"{where}立案查处执法案件{cases}起"
    fines = float(e.get("fines_yuan") or 0)
    if fines:
        s += f"，罚款{wan(fines, trim=True, grouping=False)}万元"
    extra = [f"{label}{as_int(e.get(key))}起" for key, label in
             (("suspended", "责令停产停业整顿"), ("closed", "关闭取缔"), ("transferred", "移送司法")) if as_int(e.get(key))]
    if extra:
        s += "；其中" + "，".join(extra)
    s += "。"
    if as_int(e.get("typical")) or as_int(e.get("exposed")):
        s += f"报送典型案例{as_int(e.get('typical'))}起，曝光{as_int(e.get('exposed'))}起。"
    if measures and len(measures) <= GROUPS_NAMED:   # many kinds: left out (the body stays within four pages)
        s += "按处罚种类：" + _counts(measures, "measure", "cases", "起") + "（一起案件有多种处罚的分别计入）。"
    if departments and len(departments) <= GROUPS_NAMED:
        s += "按执法部门：" + _counts(departments, "department", "cases", "起") + "。"
    if before is not None:
        new = cases - as_int(before.get("cases"))
        s += f"本期新立案{new}起。" if new else "本期无新立案。"
    return s
