"""数据导入 (安委办 only): upload ledgers, check the detected type and header mapping, import with a
progress bar, send the error report back, undo an import, download blank templates. A city instance imports the
counties' district packages instead: verified, accepted or refused whole, listed, undone per county."""
import os
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from safetyboard import access, city, package
from safetyboard import formatting as fmt
from safetyboard.formatting import escape_markdown as esc
from safetyboard.ledgers import undo, upload
from safetyboard.ledgers.errors_report import error_report_bytes
from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.spec import LEDGER_TYPES
from ui import data
from ui.frame import setup
from ui.widgets import download_name

page = setup("数据导入")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("county_packages", "off_list_values")

if not access.may_import(page.principal):   # the navigation already says admin only; never rely on it alone
    st.error("只有市安委办管理员可以导入或撤销区县数据包。" if city.is_city() else "只有区安委办管理员可以导入或撤销台账。")
    st.stop()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUTO = "auto"
state = st.session_state
previews: dict = state.setdefault("imp_previews", {})    # (file_id, forced type) -> FilePreview
results: dict = state.setdefault("imp_results", {})      # file_id -> [SheetResult]


# ---------------------------------------------------------------- a city: district packages

def import_package_file(f) -> tuple[bool, str]:
    """Verify and import one uploaded package through package.import_package (which audits it): (accepted,
    the message to show). A refused package changed nothing; the message is package.py's own."""
    limit = upload.max_upload_mb()
    if f.size > limit * 2**20:
        return False, f"数据包「{f.name}」大小超过{limit}MB的上限，未导入。市级数据未做任何更改。"
    # The package keeps its own file name (the messages and the package list name it); on disk only meanwhile.
    with tempfile.TemporaryDirectory(dir=upload.staging_dir(), prefix=f"{os.getpid()}-") as folder:
        path = Path(folder) / (Path(f.name).name or "package.zip")
        path.write_bytes(f.getvalue())
        try:
            done = package.import_package(page.store, path, user=page.principal.username)
        except package.PackageError as exc:
            return False, str(exc)
        except Exception as exc:     # rolled back by the import's transaction; never a traceback
            return False, f"数据包「{f.name}」未导入：导入时出错（{type(exc).__name__}）。市级数据未做任何更改。"
    replaced = "，替换了该区县此前的数据包（可撤销恢复）" if done.replaced else ""
    return True, (f"数据包「{f.name}」已导入：{done.district_name}，数据截至{fmt.cn_date(done.as_of)}，"
                  f"共{fmt.count(done.rows)}行{replaced}。")


def package_state(row: dict) -> str:
    if row["active"]:
        return "有效"
    if row["undone_at"] is not None:
        return f"已于{row['undone_at']:%Y-%m-%d %H:%M}撤销"
    return "已被较新的数据包替换"


def county_status() -> None:
    """Every county of the city: its active package's 数据截至, and whether it is behind the 统计截止日."""
    counties = page.query("county_packages")
    st.markdown(f"**各区县数据包**（相对统计截止日{fmt.cn_date(page.filters.as_of)}）")
    st.dataframe(pd.DataFrame({
        "区县": counties["name"],
        "数据截至": ["—" if pd.isna(d) else fmt.cn_date(pd.Timestamp(d).date()) for d in counties["data_as_of"]],
        "滞后天数": [None if pd.isna(n) else int(n) for n in counties["days_behind"]],
        "状态": ["尚未导入" if pd.isna(d) else "数据滞后" if stale else "正常"
               for d, stale in zip(counties["data_as_of"], counties["stale"])],
    }), hide_index=True, width="stretch")


def package_list() -> None:
    if flash := state.pop("pkg_flash", None):
        st.success(esc(flash))
    county_status()
    rows = package.packages(page.store)
    if not rows:
        st.info("还没有导入任何区县数据包。")
        return
    st.dataframe(pd.DataFrame([{
        "区县": r["district_name"], "数据截至": fmt.cn_date(r["as_of"]) if r["as_of"] else "—",
        "导出时间": f"{r['exported_at']:%Y-%m-%d %H:%M}", "签名": "已签名" if r["signed"] else "未签名",
        "状态": package_state(r), "文件": r["file_name"] or "—"} for r in rows]), hide_index=True, width="stretch")
    st.markdown("**撤销数据包**：该区县恢复为它此前导入的数据包（如有），否则显示为无数据；撤销的数据包仍留在上表的记录中。")
    for r in (r for r in rows if r["active"]):
        left, right = st.columns([3, 1])
        left.markdown(f"{esc(r['district_name'])}：数据截至{fmt.cn_date(r['as_of']) if r['as_of'] else '—'}，"
                      f"文件「{esc(r['file_name'] or '—')}」")
        if right.button(f"撤销{r['district_name']}的数据包", key=f"pkg_undo_{r['package_id']}"):
            try:
                package.undo_package(page.store, r["district_code"], user=page.principal.username)
            except package.PackageError as exc:
                st.error(esc(exc))
            else:
                data.clear()
                now_active = package.active_package(page.store, r["district_code"])
                state["pkg_flash"] = (f"已撤销{r['district_name']}的数据包「{r['file_name'] or '—'}」；" + (
                    f"恢复为此前的数据包（数据截至{fmt.cn_date(now_active['as_of'])}）。" if now_active
                    else "该区县现在没有数据。"))
                st.rerun()


if city.is_city():
    tab_packages, tab_list = st.tabs(["上传区县数据包", "数据包与撤销"])
    package_results: dict = state.setdefault("pkg_results", {})     # file_id -> (accepted, message)
    with tab_packages:
        files = st.file_uploader("选择区县数据包（.zip，可一次选择多个）", type=["zip"], accept_multiple_files=True,
                                 key="pkg_files", help="各区县用 `python -m safetyboard package export` 导出的数据包。")
        st.caption("导入前逐一校验：清单、各部分的校验值（SHA-256）、签名（已为该区县配置共享密钥时）、数据结构版本和所属城市；"
                   "任何一项不符，整个数据包不导入，市级数据不做任何更改。同一区县导入较新的数据包后，旧数据包保留，可撤销恢复。")
        pending = [f for f in files or [] if f.file_id not in package_results]
        if pending and st.button(f"校验并导入{len(pending)}个数据包", type="primary", key="pkg_go"):
            bar = st.progress(0.0)
            for i, f in enumerate(pending):
                bar.progress(i / len(pending), text=f"正在校验并导入「{esc(f.name)}」（{i + 1}/{len(pending)}）……")
                package_results[f.file_id] = import_package_file(f)
            bar.progress(1.0, text=f"已处理{len(pending)}个数据包。")
            data.clear()
        for f in files or []:
            accepted, message = package_results.get(f.file_id, (None, f"数据包「{f.name}」待导入。"))
            {True: st.success, False: st.error, None: st.caption}[accepted](esc(message))
    with tab_list:
        package_list()
    st.stop()

tab_upload, tab_history, tab_quality, tab_templates = st.tabs(["上传台账", "导入记录与撤销", "数据质量", "空白模板"])


def show_results(name: str, file_id: str, res: list) -> None:
    for r in res:
        if r.status == "failed":
            st.error(esc(r.error))
        elif r.status == "already_imported":
            st.info(esc(r.message))
            break
    done = [r for r in res if r.status == "imported"]
    if done and not any(r.accepted for r in done):
        st.warning(f"「{esc(name)}」已登记，但没有接收任何行：{esc(upload.summary(res))}。")
    elif done:
        st.success(f"「{esc(name)}」导入完成：{esc(upload.summary(res))}。")
    st.dataframe(pd.DataFrame(upload.result_rows(res)), hide_index=True, width="stretch")
    for r in done:
        if r.dropped_columns:
            st.caption(f"工作表「{esc(r.sheet)}」为保护举报人，以下列未导入：{esc('、'.join(r.dropped_columns))}")
    rows, total = upload.rejected_table(res)
    if total:
        st.markdown(f"**拒收行**（共{total}行）")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=min(400, 40 + 35 * len(rows)))
        if total > len(rows):
            st.caption(f"此处只显示前{len(rows)}行，完整清单见错误报告。")
        st.download_button(
            "下载错误报告（.xlsx，可退回填报单位）",
            data=data.audited(f"「{name}」错误报告", None, lambda: error_report_bytes(res), detail={"rejected": total}),
            file_name=f"{Path(name).stem}_错误报告.xlsx", mime=XLSX, key=f"imp_report_{file_id}", on_click="ignore")


def show_preview(pv: upload.FilePreview) -> None:
    for s in pv.sheets:
        if s.ledger_type is None:
            st.caption(f"工作表「{esc(s.sheet)}」不是台账，导入时将跳过：{esc(s.reason)}")
            continue
        st.markdown(f"**工作表「{esc(s.sheet)}」：{s.ledger_label}**　共{s.rows}行，预计接收{s.accepted}行、"
                    f"拒收{s.rejected}行、跳过{s.skipped}行（同一编号的重复行和替换的旧数据在导入时确定）")
        if s.context:
            st.caption(f"整表单位　{s.context}")
        if s.filled:
            st.caption(s.filled)
        mapping = ([{"原表头": h, "对应字段": f} for h, f in s.header_map]
                   + [{"原表头": h, "对应字段": "（未识别，不导入）"} for h in s.unmapped]
                   + [{"原表头": h, "对应字段": "（举报人信息，不导入）"} for h in s.dropped])
        left, right = st.columns([1, 2])
        with left:
            st.caption("表头对应关系")
            st.dataframe(pd.DataFrame(mapping), hide_index=True, width="stretch")
        with right:
            st.caption(f"导入后的前{len(s.sample)}行")
            if s.sample:
                st.dataframe(pd.DataFrame(s.sample), hide_index=True, width="stretch")
            else:
                st.caption("（没有可接收的行）")
        if s.rejected:
            shown, _ = upload.rejected_table([s])
            more = f"，此处显示前{len(shown)}行" if s.rejected > len(shown) else ""
            st.markdown(f"**将拒收的行及原因**（共{s.rejected}行{more}）")
            st.dataframe(pd.DataFrame(shown).drop(columns="工作表"), hide_index=True, width="stretch",
                         height=min(400, 40 + 35 * len(shown)))


def one_file(f) -> None:
    name, file_id = f.name, f.file_id
    problem = upload.check_upload(name, f.size)
    if problem:
        st.error(esc(problem))
        return
    if file_id in results:
        show_results(name, file_id, results[file_id])
        return
    options = [AUTO, *LEDGER_TYPES]
    chosen = st.selectbox("台账类型", options, key=f"imp_type_{file_id}",
                          format_func=lambda k: "自动识别" if k == AUTO else LEDGER_TYPES[k].label)
    forced = None if chosen == AUTO else chosen
    key = (file_id, forced)
    if key not in previews:
        with st.spinner(f"正在读取「{esc(name)}」……"), upload.staged(name, f) as path:
            previews[key] = upload.preview(path, name, forced)
    pv = previews[key]
    if pv.error:
        st.error(esc(pv.error))
        return
    if forced is None and pv.detected_type:
        st.caption(f"自动识别为「{LEDGER_TYPES[pv.detected_type].label}」；如识别有误，可在上方改选台账类型。")
    show_preview(pv)
    confirmed = True
    if upload.accepts_nothing(pv):
        st.warning("这个文件没有一行可以接收：导入后数据库只多一个没有数据的批次。请先按上面的拒收原因修改文件；"
                   "确需登记这次报送的，请勾选下面的确认后再导入。")
        confirmed = st.checkbox("我已了解没有可接收的行，仍要导入", key=f"imp_empty_ok_{file_id}")
    if st.button("确认导入", key=f"imp_go_{file_id}", type="primary", disabled=not confirmed):
        bar = st.progress(0.0, text=f"正在导入「{esc(name)}」……")
        with upload.staged(name, f) as path:   # on disk only while the import reads it
            res = import_file(page.store, path, label=name, forced_type=forced, user=page.principal.username,
                              progress=lambda frac, text: bar.progress(min(max(float(frac), 0.0), 1.0),
                                                                       text=esc(text)))
        results[file_id] = res
        data.clear()
        data.record("import", target=name, detail={
            "import_id": next((r.import_id for r in res if r.import_id), None), "forced_type": forced,
            "sheets": [{"sheet": r.sheet, "status": r.status, "ledger_type": r.ledger_type, "rows": r.rows,
                        "accepted": r.accepted, "rejected": r.rejected, "skipped": r.skipped, "replaced": r.replaced,
                        "dropped_columns": r.dropped_columns} for r in res]})
        for k in [k for k in previews if k[0] == file_id]:
            del previews[k]
        st.rerun()


with tab_upload:
    limit = upload.max_upload_mb()
    # .xlsm is let through the uploader only to be refused with a Chinese message (see upload.check_upload).
    files = st.file_uploader(
        "选择台账文件（可一次选择多个）", type=["xlsx", "xls", "csv", "xlsm"], accept_multiple_files=True, key="imp_files",
        help=f"支持 .xlsx、.xls、.csv（UTF-8或GBK编码），单个文件不超过{limit}MB。")
    st.caption(f"单个文件不超过{limit}MB；含宏（.xlsm）或外部链接的工作簿请在Excel中另存为.xlsx后上传。"
               "原始文件按内容存档，同一文件重复导入不会重复计数。")
    for f in files or []:
        with st.container(border=True):
            st.markdown(f"##### {esc(f.name)}")
            one_file(f)

with tab_history:
    if flash := state.pop("imp_flash", None):
        st.success(esc(flash))
    history = undo.import_history(page.store)
    if not history:
        st.info("还没有导入记录。")
    else:
        shown = pd.DataFrame([{
            "批次": h["import_id"], "文件": h["file_name"], "导入时间": h["imported_at"], "导入人": h["imported_by"] or "—",
            "台账类型": "、".join(h["ledger_labels"]) or "—", "总行数": h["rows"], "接收": h["accepted"],
            "拒收": h["rejected"], "跳过": h["skipped"], "替换": h["replaced"],
            "状态": (f"已于{h['undone_at']:%Y-%m-%d %H:%M}撤销" + (f"（{h['undone_by']}）" if h["undone_by"] else ""))
            if h["undone_at"] else "有效"} for h in history])
        st.dataframe(shown, hide_index=True, width="stretch")
        undoable = {h["import_id"]: h for h in history if h["undone_at"] is None}
        if undoable:
            st.markdown("**撤销导入**：删除该批次导入的数据，并恢复被它替换的旧数据。")
            labels = {i: f"批次{i}：{h['file_name']}（{h['imported_at']:%Y-%m-%d %H:%M}）" for i, h in undoable.items()}
            # The key names the live batches: after an import or an undo this is a new box with nothing chosen,
            # never a value left from the last list (which picked an older batch, or one already undone).
            generation = undo.batches_key(undoable)
            chosen = st.selectbox("选择导入批次", list(labels), index=None, format_func=labels.get,
                                  placeholder="请选择要撤销的导入批次", key=f"imp_undo_id_{generation}")
            if chosen is not None:
                h = undoable[chosen]
                rows, units = undo.batch_contents(page.store, chosen)
                where = "、".join(units) if units else "不属于任何乡/街道的数据"
                st.warning(f"将撤销批次{chosen}：文件「{esc(h['file_name'])}」（{h['imported_at']:%Y-%m-%d %H:%M}导入），"
                           f"删除其导入的{rows}行数据（{esc(where)}），并恢复被它替换的旧数据。")
                sure = st.checkbox(f"我已确认要撤销批次{chosen}", key=f"imp_undo_sure_{chosen}_{generation}")
                # The button belongs to the batch shown: its key and label carry the batch number.
                if st.button(f"撤销批次{chosen}", disabled=not sure, key=f"imp_undo_go_{chosen}_{generation}"):
                    try:
                        outcome = undo.undo_import(page.store, chosen, user=page.principal.username)
                    except undo.UndoError as exc:
                        st.error(esc(exc))
                    else:
                        data.clear()
                        data.record("undo", target=labels[chosen], detail={
                            "import_id": chosen, "removed": outcome.removed, "restored": outcome.restored})
                        state["imp_flash"] = outcome.message
                        st.rerun()

with tab_quality:
    st.markdown("行业领域、监管部门（执法部门）不在区级名录中的值：导入时按原文保存，并在导入结果的“需核实”列计数。"
                "请核实后在台账中改为名录中的名称，再重新导入。")
    off_list = page.query("off_list_values")
    if off_list.empty:
        st.success("所有行业领域和部门名称都在名录中。")
    else:
        st.dataframe(off_list.rename(columns={"field": "字段", "ledger": "台账", "value": "台账中的值", "rows": "行数"}),
                     hide_index=True, width="stretch")

with tab_templates:
    st.markdown("各类台账的空白模板：表头为标准列名（带 * 的为必填），常用字段带下拉选项。")
    columns = st.columns(2)
    for i, ledger in enumerate(LEDGER_TYPES.values()):
        columns[i % 2].download_button(
            f"{ledger.label}模板", data=lambda key=ledger.key: upload.template_bytes(key),
            file_name=download_name(f"{ledger.label}_模板"), mime=XLSX, key=f"imp_tpl_{ledger.key}", on_click="ignore")
