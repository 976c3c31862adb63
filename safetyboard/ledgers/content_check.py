"""What a ledger file is, judged from its bytes before any parser touches it: one check for the import
page and the command line.

- Zip bombs: every member of an .xlsx is inflated here in small pieces and the bytes are counted;
  the sizes written in the zip headers are never trusted (a hostile file writes 40,000 there and
  unpacks to gigabytes). Counting stops at the limit, so a refused file costs little memory.
- Macros (vbaProject.bin, an OLE2 _VBA_PROJECT storage) and external links (xl/externalLinks/) are refused.
- The format comes from the content, not the name: an .xls renamed .xlsx is read as .xls."""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from .reader import ReadError

# Limits against careless and hostile files.
MAX_UNZIPPED_BYTES = 2_000_000_000
MAX_ZIP_RATIO = 200            # inflated bytes per compressed byte of the whole file
MIN_UNZIPPED_ALLOWANCE = 2**20   # a tiny file may inflate this much whatever its ratio
CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
_VBA_STORAGE = "_VBA_PROJECT".encode("utf-16-le")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")   # local file header, 30 bytes


def macro_message(name: str) -> str:
    return (f"文件「{name}」含有宏（VBA代码），为安全起见不予导入。"
            "请在Excel中“另存为”不含宏的Excel工作簿（.xlsx）后再上传。")


def external_link_message(name: str) -> str:
    return (f"文件「{name}」含有指向其他工作簿的外部链接，其中的数值可能没有更新，未导入。"
            "请在Excel中用“数据→编辑链接→断开链接”把公式转为数值，另存为.xlsx后再上传。")


def bomb_message(name: str) -> str:
    return f"文件「{name}」解压后异常庞大（压缩比过高），疑似恶意文件，已拒绝导入。"


def unzipped_limit(packed_size: int) -> int:
    """How many inflated bytes a file of this size may hold."""
    return min(MAX_UNZIPPED_BYTES, max(MIN_UNZIPPED_ALLOWANCE, packed_size * MAX_ZIP_RATIO))


def check_file(path: Path, name: str) -> None:
    """Raise ReadError (the Chinese reason, naming the file) when the file must not be parsed."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(ZIP_MAGIC):
        _check_zip(path, name)
    elif head.startswith(OLE_MAGIC):
        with open(path, "rb") as f:
            if _contains(f, _VBA_STORAGE):
                raise ReadError(macro_message(name))


def refusal(path: Path, name: str) -> str | None:
    """check_file as a message (None: the file may be parsed)."""
    try:
        check_file(path, name)
    except ReadError as exc:
        return str(exc)
    return None


def _contains(f, needle: bytes) -> bool:
    tail = b""
    while block := f.read(CHUNK):
        if needle in tail + block:
            return True
        tail = block[-len(needle):]
    return False


def _check_zip(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except zipfile.BadZipFile:
        return   # the reader says it is damaged
    names = [m.filename.lower() for m in members]
    if any(n.endswith("vbaproject.bin") for n in names):
        raise ReadError(macro_message(name))
    if any(n.startswith("xl/externallinks/") for n in names):
        raise ReadError(external_link_message(name))
    size = path.stat().st_size
    budget = unzipped_limit(size)
    with open(path, "rb") as f:
        for member in members:
            budget -= _inflated_size(f, member, budget, size)
            if budget < 0:
                raise ReadError(bomb_message(name))


def _inflated_size(f, member: zipfile.ZipInfo, budget: int, file_size: int) -> int:
    """The bytes this member really inflates to, counted up to budget + 1 (headers' sizes ignored).
    The deflate stream ends itself; the compressed length in the header is not needed."""
    f.seek(member.header_offset)
    header = f.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != ZIP_MAGIC:
        return 0   # damaged: the parser refuses it
    fields = _LOCAL_HEADER.unpack(header)
    method, name_len, extra_len = fields[3], fields[9], fields[10]
    f.seek(member.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    if method == zipfile.ZIP_STORED:
        return min(member.compress_size, max(file_size - f.tell(), 0))
    if method != zipfile.ZIP_DEFLATED:
        return 0   # the parser refuses methods it cannot read
    inflater = zlib.decompressobj(-15)
    total = 0
    pending = b""
    while total <= budget:
        if not pending:
            pending = f.read(CHUNK)
            if not pending:
                break
        try:
            out = inflater.decompress(pending, CHUNK)
        except zlib.error:
            break   # damaged: the parser refuses it
        total += len(out)
        pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    return total
