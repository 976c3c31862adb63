"""The briefing as PDF through LibreOffice (a preview, and the check that the document renders)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .model import BriefingError

# LibreOffice finds fonts through fontconfig; map the Windows names the document uses to installed CJK faces.
_FONT_ALIASES = {
    "Noto Serif CJK SC": ("宋体", "SimSun", "仿宋", "FangSong", "仿宋_GB2312", "楷体", "KaiTi", "楷体_GB2312"),
    "Noto Sans CJK SC": ("黑体", "SimHei"),
}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Convert with LibreOffice (headless, a private profile, the font aliases above)."""
    soffice = soffice_path()
    if soffice is None:
        raise BriefingError("没有找到 LibreOffice（soffice），无法转换为 PDF。请运行 scripts/setup.sh --system 安装。")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        aliases = "".join(
            f"<alias binding=\"same\"><family>{name}</family><prefer><family>{face}</family></prefer></alias>"
            for face, names in _FONT_ALIASES.items() for name in names)
        conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                        f"<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
                        encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": tmp}
        profile = Path(tmp, "profile").as_uri()
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx)],
            env=env, capture_output=True, text=True, timeout=timeout)
    pdf = out_dir / (Path(docx).stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise BriefingError(f"LibreOffice 转换失败：{(result.stderr or result.stdout).strip()[:300]}")
    return pdf
