#!/usr/bin/env python3
"""Writes hostile and malformed bundles for the integrity tests (standard library only).

usage: make_hostile_bundles.py OUT_DIR

Each file is named after what it tries; bundle_test.cc expects every one to be refused with a
reason (or, for nested-one-level.zip, unpacked one level down).
"""
import io
import os
import sys
import tarfile
import zipfile
import base64

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16  # a truncated PNG: fails fast as a page


def zip_of(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)


def zip_bytes(entries):
    buf = io.BytesIO()
    zip_of(buf, entries)
    return buf.getvalue()


def tar_of(path, members, mode="w"):
    with tarfile.open(path, mode) as t:
        for info, data in members:
            t.addfile(info, io.BytesIO(data) if data is not None else None)


def reg(name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def link(name, target, kind):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


zip_of(f"{out}/dotdot.zip", [("issue/../../escaped.png", PNG_HEAD)])
zip_of(f"{out}/backslash-dotdot.zip", [("issue\\..\\..\\escaped.png", PNG_HEAD)])
tar_of(f"{out}/absolute.tar", [reg("/tmp/gazette-escaped.png", PNG_HEAD)])
tar_of(f"{out}/symlink-out.tar", [link("issue/page-0001.png", "/etc/passwd", tarfile.SYMTYPE)])
tar_of(f"{out}/hardlink-out.tar", [link("issue/page-0001.png", "../../outside", tarfile.LNKTYPE)])
zip_of(f"{out}/control-char.zip", [("issue/page\x01.png", PNG_HEAD)])
# NUL cannot live in a C string: Python refuses it, so a name with an escape byte stands for it.
zip_of(f"{out}/escape-char.zip", [("issue/page\x1b[2J.png", PNG_HEAD)])
# Entries that name no file, or clash with each other (found by fuzz_bundle: they used to stop
# the ingest with an I/O error instead of refusing the bundle).
zip_of(f"{out}/dot-entry.zip", [(".", PNG_HEAD)])
zip_of(f"{out}/file-then-folder.zip", [("issue/a", PNG_HEAD), ("issue/a/page-0001.png", PNG_HEAD)])
tar_of(f"{out}/folder-then-file.tar", [reg("issue/a/page-0001.png", PNG_HEAD), reg("issue/a", PNG_HEAD)])
# fuzz_bundle's crashing input, as it found it: a zip entry named "." after a PNG.
with open(f"{out}/fuzz-dot-entry.zip", "wb") as f:
    f.write(base64.b64decode(
        "UEsDBBQAAAAAAK9oeV12d8lsRwAAAEcAAAANAAAALgAAAAAAAAAfLnBuP4lQTkcNChoKAAAADUlIRFIAAAAEAAAABAgAAAAA"
        "jJrB////nf//////////////////////////////////////////ogAAAA5JREFUeJxj+A8EDKgEAJ90D/FbYYO/AAAAAElF"
        "TkSuQmCCUEsBAhQDFAAAAAAAr2h5XXZ3yWxHAAAARwAAAA0AAAAAAAAAAAAAAIABAAAAAC4uL2VzY2FwLQAAAAAAAAAGAAAA"
        "AAEAAQA7AAAAcgAAAAAA"))

# Formats that are not zip or tar, under bundle names.
with open(f"{out}/sevenzip.zip", "wb") as f:
    f.write(b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64)
with open(f"{out}/ar-archive.tar", "wb") as f:
    f.write(b"!<arch>\npage.png/       0           0     0     644     24        `\n" + PNG_HEAD)
with open(f"{out}/text.tar.gz", "wb") as f:
    f.write(b"just text, not gzip\n" * 10)

# Zip bomb: 256 MiB of zeros deflate to about 250 KiB (ratio ~1000).
with zipfile.ZipFile(f"{out}/bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("issue/page-0001.tif", "w", force_zip64=True) as entry:
        chunk = b"\x00" * (1 << 20)
        for _ in range(256):
            entry.write(chunk)

# Nesting: one level is unpacked, two are refused.
inner = zip_bytes([("issue/page-0001.png", PNG_HEAD)])
zip_of(f"{out}/nested-one-level.zip", [("inner.zip", inner)])
zip_of(f"{out}/nested-two-levels.zip", [("middle.zip", zip_bytes([("inner.zip", inner)]))])

# Accepted filters, each holding one (broken, so cheap) page.
for mode, name in (("w:gz", "ok.tar.gz"), ("w:bz2", "ok.tar.bz2"), ("w:xz", "ok.tar.xz")):
    tar_of(f"{out}/{name}", [reg("issue/page-0001.png", PNG_HEAD)], mode)
