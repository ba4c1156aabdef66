#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
"""The demo's portal connector: submits a few online dossiers to a local motcua-server.

It does what the National Public Service Portal's connector does (docs/ONLINE.md): logs in
with a `portal` account, uploads each file (PUT /api/v1/blobs/{sha256}) and posts each
submission (POST /api/v1/portal/submissions). The files are small PDFs and PNGs made here,
the same bytes on every run, and each submission has a fixed portal_ref, so running it again
changes nothing on the server (200 with the same code). TLS is verified against --ca; there is
no way to switch that off. Python 3 standard library only.
"""
import argparse
import datetime
import hashlib
import json
import ssl
import struct
import sys
import unicodedata
import urllib.error
import urllib.request
import zlib

PROTOCOL = "1"
VN = datetime.timezone(datetime.timedelta(hours=7))

# Applicants: CCCD numbers valid by core's rules (src/core/cccd.cpp): 001 is Hà Nội; digit 4
# is gender and century (0 man / 1 woman born 19xx, 2 man / 3 woman born 20xx); digits 5-6
# the year of birth.
SUBMISSIONS = [
    {
        "portal_ref": "DEMO-DVCQG-0001",
        "procedure": "1.001193",  # Đăng ký khai sinh
        "hours_ago": 27,
        "channel": "online",
        "return_channel": "online",
        "applicant": {
            "full_name": "Trần Văn Minh",
            "id_number": "001090012345",
            "date_of_birth": "1990-03-12",
            "gender": "nam",
            "address": "Số 12 ngõ 41 phố Đức Giang, phường Bồ Đề, Thành phố Hà Nội",
            "phone": "0912345678",
            "email": "tranvanminh@example.vn",
        },
    },
    {
        "portal_ref": "DEMO-DVCQG-0002",
        "procedure": "1.004873",  # Cấp Giấy xác nhận tình trạng hôn nhân
        "hours_ago": 6,
        "channel": "online",
        "return_channel": "desk",
        "applicant": {
            "full_name": "Lê Thị Hoa",
            "id_number": "001195004567",
            "date_of_birth": "1995-07-21",
            "gender": "nu",
            "address": "Số 5 phố Ngọc Thụy, phường Bồ Đề, Thành phố Hà Nội",
            "phone": "0987654321",
            "email": "",
        },
    },
    {
        "portal_ref": "DEMO-DVCQG-0003",
        "procedure": "1.004222",  # Đăng ký thường trú
        "hours_ago": 2,
        "channel": "online",
        "return_channel": "post",
        "applicant": {
            "full_name": "Phạm Quốc Huy",
            "id_number": "001201008890",
            "date_of_birth": "2001-11-05",
            "gender": "nam",
            "address": "Số 88 đường Nguyễn Văn Cừ, phường Bồ Đề, Thành phố Hà Nội",
            "phone": "0934567890",
            "email": "pqhuy2001@example.vn",
        },
    },
    {
        "portal_ref": "DEMO-BUUDIEN-0004",
        "procedure": "2.000635",  # Cấp bản sao trích lục hộ tịch
        "hours_ago": 1,
        "channel": "post",  # came by public postal service
        "return_channel": "post",
        "applicant": {
            "full_name": "Đỗ Thị Mai Anh",
            "id_number": "001178006123",
            "date_of_birth": "1978-01-30",
            "gender": "nu",
            "address": "Số 3 ngõ 190 phố Lâm Du, phường Bồ Đề, Thành phố Hà Nội",
            "phone": "0904112233",
            "email": "",
        },
    },
]


def ascii_text(text):
    """The text without diacritics (đ as d), for the PDF's standard Helvetica font."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def make_pdf(lines):
    """A valid one-page A4 PDF with these lines of text (a scanned form stands in for it)."""
    def escaped(s):
        return ascii_text(s).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 14 Tf 60 780 Td 18 TL\n"
    content += "".join("(%s) Tj T*\n" % escaped(line) for line in lines) + "ET\n"
    stream = content.encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R"
        b" >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_png(seed, width=480, height=300):
    """A small RGB PNG, a photographed card: a coloured band over a pale page, seeded."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    band = digest[0:3]
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            if y < 60:
                rows += band
            elif 20 <= x < 140 and 90 <= y < 250:
                rows += b"\xb0\xb8\xc8"  # the photo's place
            elif 170 <= x < 440 and (y - 100) % 30 < 6 and y < 260:
                rows += b"\x60\x60\x60"  # lines of text
            else:
                rows += b"\xf4\xf1\xe8"

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


class Portal:
    def __init__(self, server, ca_file):
        self.server = server.rstrip("/")
        self.context = ssl.create_default_context(cafile=ca_file)  # verifies chain and host
        self.token = None

    def request(self, method, path, body=None, content_type=None):
        headers = {"X-MotCua-Protocol": PROTOCOL}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.server + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, context=self.context, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            raise SystemExit("demo-portal: %s %s: HTTP %d %s" % (method, path, e.code, text))
        except urllib.error.URLError as e:
            raise SystemExit("demo-portal: %s: %s" % (self.server, e.reason))

    def post_json(self, path, value):
        return self.request("POST", path, json.dumps(value, ensure_ascii=False).encode("utf-8"),
                            "application/json")

    def login(self, username, password):
        _, session = self.post_json("/api/v1/sessions", {"username": username, "password": password})
        self.token = session["token"]

    def upload(self, data):
        sha = hashlib.sha256(data).hexdigest()
        self.request("PUT", "/api/v1/blobs/" + sha, data, "application/octet-stream")
        return sha


def documents_for(portal, procedure, submission):
    """The procedure's documents from the catalog, each with one generated file."""
    applicant = submission["applicant"]
    documents = []
    for number, doc in enumerate(procedure["documents"], start=1):
        seed = "%s/%d" % (submission["portal_ref"], number)
        # Identity papers and copies come photographed (PNG), forms filled in online (PDF).
        if doc["form"] != "original" or "tùy thân" in doc["name"]:
            data = make_png(seed)
        else:
            data = make_pdf([doc["name"], "", procedure["name"],
                             "Nguoi nop: " + applicant["full_name"],
                             "So CCCD: " + applicant["id_number"],
                             "Dia chi: " + applicant["address"],
                             "Ma ho so tren Cong DVC: " + submission["portal_ref"]])
        documents.append({"name": doc["name"], "form": doc["form"], "count": doc["count"],
                          "files": [portal.upload(data)]})
    return documents


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="https://HOST:PORT of motcua-server")
    parser.add_argument("--ca", required=True, help="CA bundle (PEM) the server's certificate chains to")
    parser.add_argument("--user", required=True, help="the portal connector's username")
    parser.add_argument("--password-stdin", action="store_true", required=True,
                        help="read the password from the first line of stdin")
    parser.add_argument("--ward", required=True, help="unit code of the ward to submit to")
    parser.add_argument("--catalog", required=True, help="procedures.json (resources/catalog)")
    args = parser.parse_args()
    password = sys.stdin.readline().rstrip("\n")

    with open(args.catalog, encoding="utf-8") as f:
        catalog = {p["code"]: p for p in json.load(f)["procedures"]}
    portal = Portal(args.server, args.ca)
    portal.login(args.user, password)
    now = datetime.datetime.now(VN).replace(microsecond=0)
    for s in SUBMISSIONS:
        procedure = catalog[s["procedure"]]
        body = {
            "portal_ref": s["portal_ref"],
            "ward": args.ward,
            "procedure": s["procedure"],
            "channel": s["channel"],
            "submitted_at": (now - datetime.timedelta(hours=s["hours_ago"])).isoformat(),
            "applicant": s["applicant"],
            "documents": documents_for(portal, procedure, s),
            "return_channel": s["return_channel"],
        }
        status, receipt = portal.post_json("/api/v1/portal/submissions", body)
        print("%-17s %-6s %s  %s  decide by %s  (%s)" % (
            s["portal_ref"], s["channel"], receipt["code"], s["applicant"]["full_name"],
            receipt["decide_by"], "new" if status == 201 else "already submitted"))
    portal.request("DELETE", "/api/v1/sessions/current")


if __name__ == "__main__":
    main()
