#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (tests/fuzz): small valid and almost-valid inputs, made
here rather than committed as binaries. Usage: make_seeds.py OUT_DIR"""
import io
import os
import struct
import sys
import tarfile
import zipfile
import zlib


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def png(width, height):
    def chunk(kind, body):
        c = kind + body
        return struct.pack(">I", len(body)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + b"\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def tiff(width, height):
    # Little-endian, one strip of 8-bit grey.
    entries = [(256, 3, 1, width), (257, 3, 1, height), (258, 3, 1, 8), (259, 3, 1, 1),
               (262, 3, 1, 1), (273, 4, 1, 0), (277, 3, 1, 1), (278, 3, 1, height),
               (279, 4, 1, width * height)]
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    out = b"II*\0" + struct.pack("<I", ifd_offset) + struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        if tag == 273:
            value = data_offset
        out += struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
    return out + struct.pack("<I", 0) + b"\x80" * (width * height)


def bundles(out):
    page = png(4, 4)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("issue/page-1.png", page)
        z.writestr("issue/issue.json", '{"series": "公报", "year": 2017}')
    write(out, "issue.zip", buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../escape.png", page)
    write(out, "escape.zip", buf.getvalue())
    for mode, name in (("w", "issue.tar"), ("w:gz", "issue.tar.gz"), ("w:bz2", "issue.tar.bz2"), ("w:xz", "issue.tar.xz")):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode=mode) as t:
            info = tarfile.TarInfo("issue/page-1.png")
            info.size = len(page)
            t.addfile(info, io.BytesIO(page))
            link = tarfile.TarInfo("issue/link")
            link.type = tarfile.SYMTYPE
            link.linkname = "/etc/passwd"
            t.addfile(link)
        write(out, name, buf.getvalue())
    write(out, "zeros.gz", zlib.compress(b"\0" * 100000))


def images(out):
    write(out, "small.png", png(8, 8))
    write(out, "small.tif", tiff(8, 8))
    write(out, "small.pgm", b"P5\n8 8\n255\n" + b"\x80" * 64)
    write(out, "huge-header.png", png(1, 1)[:16] + struct.pack(">II", 100000, 100000) + png(1, 1)[24:])
    write(out, "jpeg-start.jpg", bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffc0000b080008000801011100ffd9"))
    write(out, "text.tif", "not an image at all\n")


def texts(out, lines):
    for i, line in enumerate(lines):
        write(out, "seed-%02d.txt" % i, line)


def main():
    root = sys.argv[1]
    bundles(os.path.join(root, "fuzz_bundle"))
    images(os.path.join(root, "fuzz_image_probe"))
    texts(os.path.join(root, "fuzz_docnumber"), [
        "浙政办发[2014]36号", "浙政办发（２０１４）３６号", "浙政办发 【2014】 36 号", "浙江省人民政府令第 321 号",
        "根据国办发〔2010〕57号和省政府令第337号的规定", "浙政发〔2019〕1号废止浙政办发[2008]28号", "第号〔〕[]()"])
    texts(os.path.join(root, "fuzz_dates"), [
        "2014年3月18日", "２０１４年３月１８日", "二〇一四年三月十八日", "2014-03-18", "自2015年1月1日起施行",
        "有效期至二〇二〇年十二月三十一日", "2019年2月29日", "一九五三年十月一日印发"])
    texts(os.path.join(root, "fuzz_query"), [
        "政务公开", "浙政办发[2017]42号", "title:政务 AND open", "\"政务 公开\"", "a OR (b NOT c)",
        "政务 open government", "浙江省人民政府令第37号 废止", "title:", "((("])


if __name__ == "__main__":
    main()
