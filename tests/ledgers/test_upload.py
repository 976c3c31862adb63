"""The core checks of an upload (safetyboard/ledgers/upload.py): the size limit below Streamlit's ceiling, refused
file names, the staged copy. The 数据导入 page that uses them is tested in tests/pages/test_import_data.py."""
import io
from pathlib import Path

import pytest

from safetyboard.ledgers import upload

REPO = Path(__file__).resolve().parents[2]


def test_upload_limit_is_ours_below_streamlits_ceiling(monkeypatch):
    monkeypatch.delenv("SAFETYBOARD_MAX_UPLOAD_MB", raising=False)
    import tomllib
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # A 300 MB ledger must reach the page (and its Chinese message), not Streamlit's English refusal.
    assert config["server"]["maxUploadSize"] == 1024 == upload.transport_ceiling_mb()
    assert upload.max_upload_mb() == 100
    message = upload.check_upload("全年隐患.xlsx", 300 * 2**20)
    assert message == "文件「全年隐患.xlsx」大小为300.0MB，超过100MB的上限，未导入。请删除多余的工作表或拆分成几个文件后再上传。"
    assert upload.check_upload("ok.xlsx", 100 * 2**20) is None
    monkeypatch.setenv("SAFETYBOARD_MAX_UPLOAD_MB", "1")
    assert "超过1MB的上限" in upload.check_upload("a.csv", 2 * 2**20)
    monkeypatch.setenv("SAFETYBOARD_MAX_UPLOAD_MB", "5000")     # capped at the ceiling
    assert upload.max_upload_mb() == 1024


@pytest.mark.parametrize("name, message", [
    ("宏.xlsm", "含宏的工作簿（.xlsm）"), ("台账.docx", "类型（.docx）不能导入"), ("台账", "无扩展名"), ("空.csv", "空文件")])
def test_upload_names_refused(name, message):
    assert message in upload.check_upload(name, 0 if name == "空.csv" else 10)


def test_staged_copy_keeps_the_extension_and_is_discarded(tmp_path):
    path = upload.stage("台账.CSV", io.BytesIO(b"a,b\n1,2\n"), tmp_path)
    assert path.suffix == ".csv" and path.read_bytes() == b"a,b\n1,2\n" and path.parent == tmp_path
    upload.discard(path)
    assert not path.exists()
