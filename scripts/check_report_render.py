#!/usr/bin/env python3
"""Checks a report.html as Chromium rendered it: the DOM after load, the
browser's console log and a PNG screenshot. Standard library only, so it runs
on a clean machine.

usage: check_report_render.py DOM.html CONSOLE.log SCREENSHOT.png
"""
import re
import struct
import sys
import zlib

PLOTS = {  # svg id -> the marks that make it non-empty
    "confusion": r"<rect\b",
    "reliability": r"<(rect|circle)\b",
    "pr-curves": r"<polyline\b",
    "class-bars": r"<rect\b",
}


def svg_body(dom, svg_id):
    match = re.search(r'<svg id="%s"[^>]*>(.*?)</svg>' % re.escape(svg_id), dom, re.S)
    return match.group(1) if match else None


def read_png(path):
    """Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError("unsupported PNG layout %r" % (header,))
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    dom_path, console_path, png_path = sys.argv[1:4]
    dom = open(dom_path, encoding="utf-8", errors="replace").read()
    console = open(console_path, encoding="utf-8", errors="replace").read()
    problems = []
    for svg_id, mark in PLOTS.items():
        body = svg_body(dom, svg_id)
        if body is None:
            problems.append("plot %s is missing" % svg_id)
        elif len(re.findall(mark, body)) < 2:
            problems.append("plot %s is empty" % svg_id)
    for line in console.splitlines():
        if "CONSOLE" in line and re.search(r"error|uncaught", line, re.I):
            problems.append("console: " + line.strip())
        if "Failed to load resource" in line or "net::ERR_" in line:
            problems.append("network: " + line.strip())
    width, height, channels, rows = read_png(png_path)
    colors, inked, total = set(), 0, 0
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width, 4):
            pixel = row[x * channels:x * channels + 3]
            colors.add(pixel)
            total += 1
            if sum(pixel) < 3 * 235:
                inked += 1
    share = inked / max(total, 1)
    if share < 0.02 or len(colors) < 30:
        problems.append("screenshot looks blank: %.1f%% inked pixels, %d colours" % (100 * share, len(colors)))
    if problems:
        print("report render check FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("report render check passed: %dx%d screenshot, %.1f%% inked, %d colours, %d plots"
          % (width, height, 100 * share, len(colors), len(PLOTS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
