#!/usr/bin/env python3
"""Writes an issue folder of broken page files beside one good page (standard library only).

usage: make_broken_pages.py GOOD_PNG OUT_DIR

OUT_DIR/issue/ gets page-0001.png (a copy of GOOD_PNG) and one file per kind of damage that
scanners, vendors and old CD-ROMs deliver. broken_pages_test.cc expects each bad one to be
recorded as a failed page with its reason while the good page is recognised.
"""
import os
import shutil
import struct
import sys
import zlib

good, out = sys.argv[1], os.path.join(sys.argv[2], "issue")
os.makedirs(out, exist_ok=True)
shutil.copyfile(good, os.path.join(out, "page-0001.png"))
data = open(good, "rb").read()


def write(name, content):
    with open(os.path.join(out, name), "wb") as f:
        f.write(content)


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# A PNG cut in the middle of its image data.
write("page-0002.png", data[: len(data) // 2])

# A baseline JPEG cut after its frame header: valid markers, no scan data.
sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 800, 600, 1) + b"\x01\x11\x00"
dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(range(1, 65))
jfif = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
write("page-0003.jpg", b"\xff\xd8" + jfif + dqt + sof + b"\xff\xc4\x00")

# A TIFF whose first IFD offset points far beyond the end of the file.
write("page-0004.tif", b"II*\x00" + struct.pack("<I", 0x7FFFFFF0) + b"\x00" * 64)

# A 0-byte file.
write("page-0005.png", b"")

# A text file named .tif.
write("page-0006.tif", "这不是图像, this is a text file named like a scan\n".encode() * 20)

# A PNG header claiming 100000 x 100000 pixels (a decompression bomb if believed).
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
idat = zlib.compress(b"\x00" * 1024)
write("page-0007.png",
      b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) +
      png_chunk(b"IEND", b""))

# A PDF that breaks off after its header.
write("page-0008.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")

# An encrypted PDF (standard security handler, RC4) whose objects cannot be read without a key.
encrypted = (b"%PDF-1.4\n"
             b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
             b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
             b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
             b"4 0 obj << /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" +
             b"00" * 32 + b"> /P -4 >> endobj\n"
             b"trailer << /Root 1 0 R /Encrypt 4 0 R /Size 5 /ID [<00><00>] >>\n%%EOF\n")
write("page-0009.pdf", encrypted)
