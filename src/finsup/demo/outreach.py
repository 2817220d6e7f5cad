"""Demo outreach: the May anti-illegal-fundraising campaign months of the last two years whose May
has begun by the demo day (the earlier completed, the later completed too once June is over),
for the city and the first counties, with events across channels and a few published materials,
all through the outreach services (so they are audited like real ones), each step at its moment:
planned in April, events recorded the day after they were held, summed up in June."""

from __future__ import annotations

import datetime
import hashlib
import random

from finsup.accounts.choices import OfficeLevel, Role
from finsup.accounts.models import Office, User
from finsup.complaints.attachments import CheckedFile
from finsup.core import clock
from finsup.outreach import services

from .filings_timeline import LOCAL

COUNTIES = 4
# (channel, title, place or outlet, audience, copies, views): ranges for the random figures.
EVENTS = [
    ("community", "防范非法集资进社区宣讲", "街道社区服务中心", (150, 600), (100, 400), (0, 0)),
    ("community", "“守住钱袋子”广场咨询日", "人民广场", (300, 1500), (500, 2000), (0, 0)),
    ("tv", "《金融与生活》防范非法集资专题节目", "临沂电视台", (0, 0), (0, 0), (20000, 80000)),
    ("radio", "防范非法集资广播讲座", "临沂人民广播电台", (0, 0), (0, 0), (5000, 30000)),
    ("press", "防范非法集资专版", "临沂日报", (0, 0), (5000, 20000), (0, 0)),
    ("web", "典型案例网络推送", "政务微信公众号", (0, 0), (0, 0), (3000, 50000)),
]


def _pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF of Chinese text lines, in the standard STSong-Light CID font (no font embedded)."""
    text = ["BT", "/F1 26 Tf", "60 770 Td", "32 TL"]
    for i, line in enumerate(lines):
        if i == 1:
            text.append("/F1 15 Tf 24 TL")
        text.append(f"<{line.encode('utf-16-be').hex().upper()}> Tj T*")
    stream = "\n".join([*text, "ET"]).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _file(name: str, lines: list[str]) -> CheckedFile:
    content = _pdf(lines)
    return CheckedFile(name, content, "application/pdf", hashlib.sha256(content).hexdigest())


def _actor(office: Office) -> User:
    staff = User.objects.filter(office=office, is_active=True)
    return staff.filter(role=Role.CLERK).order_by("pk").first() or staff.filter(role=Role.LEADER).first()


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=LOCAL)


def campaign_years(as_of: datetime.date) -> tuple[int, int]:
    """The last two years whose May has begun by `as_of`."""
    last = as_of.year if as_of >= datetime.date(as_of.year, 5, 1) else as_of.year - 1
    return last - 1, last


def _campaign(office: Office, by: User, year: int, rng: random.Random, as_of: datetime.date) -> tuple[int, int]:
    with clock.at(_moment(datetime.date(year, 4, rng.randint(8, 20)), 10)):
        campaign = _create(office, by, year)
    held = sorted(datetime.date(year, 5, rng.randint(5, 28)) for _ in range(len(EVENTS)))
    events = [
        (day, event)
        for day, event in zip(held, rng.sample(EVENTS, k=rng.randint(3, len(EVENTS))), strict=False)
        if day + datetime.timedelta(days=1) < as_of
    ]
    for day, (channel, title, place, audience, copies, views) in events:
        with clock.at(_moment(day + datetime.timedelta(days=1), 16)):
            services.event_record(
                campaign=campaign,
                by=by,
                data={
                    "held_on": day,
                    "channel": channel,
                    "title": title,
                    "place": place,
                    "audience": rng.randint(*audience),
                    "copies": rng.randint(*copies),
                    "views": rng.randint(*views),
                },
            )
    materials = 0
    if year == campaign_years(as_of)[-1]:
        with clock.at(_moment(datetime.date(year, 4, 25), 15)):
            materials = _materials(campaign, office, by, rng)
    summed_up = datetime.date(year, 6, rng.randint(5, 20))
    if summed_up < as_of:
        with clock.at(_moment(summed_up, 11)):
            services.campaign_complete(
                campaign=campaign,
                by=by,
                summary=f"{year}年宣传月共开展活动{len(events)}场，覆盖城乡社区，群众识别非法集资的能力进一步提高。",
            )
    return len(events), materials


def _create(office: Office, by: User, year: int):
    return services.campaign_create(
        by=by,
        office=office,
        year=year,
        data={
            "kind": "may_month",
            "title": f"{year}年{office.short_name}防范和处置非法集资宣传月",
            "theme": "守住钱袋子·护好幸福家",
            "starts_on": datetime.date(year, 5, 1),
            "ends_on": datetime.date(year, 5, 31),
            "plan": "开展进社区、进农村、进企业、进校园、进家庭“五进”活动；"
            "借助电视、广播、报刊和网络集中宣传典型案例；发放宣传折页。",
        },
    )


def _materials(campaign, office: Office, by: User, rng: random.Random) -> int:
    materials = 0
    leaflet = _file(
        "宣传折页.pdf",
        [
            f"{office.short_name}防范非法集资宣传折页",
            "承诺高息、保本保息，多是非法集资。",
            "发现线索，请拨打监管电话举报。",
        ],
    )
    m = services.material_upload(campaign=campaign, by=by, title="防范非法集资宣传折页", kind="leaflet", file=leaflet)
    if office.level == OfficeLevel.CITY or rng.random() < 0.5:  # some counties' stay drafts
        services.material_publish(material=m, by=by, published=True)
    materials += 1
    if office.level == OfficeLevel.CITY:
        poster = _file("宣传海报.pdf", ["守住钱袋子 护好幸福家", "远离非法集资", "临沂市地方金融监督管理局"])
        m = services.material_upload(campaign=campaign, by=by, title="宣传月主题海报", kind="poster", file=poster)
        services.material_publish(material=m, by=by, published=True)
        materials += 1
    return materials


def outreach_load(*, seed: int, as_of: datetime.date) -> dict[str, int]:
    """Loads the demo campaigns; returns their counts."""
    rng = random.Random(f"outreach:{seed}")
    offices = [Office.objects.get(level=OfficeLevel.CITY)]
    offices += list(Office.objects.supervising().filter(level=OfficeLevel.COUNTY).order_by("code")[:COUNTIES])
    campaigns = events = materials = 0
    for office in offices:
        by = _actor(office)
        if by is None:
            continue
        for year in campaign_years(as_of):
            e, m = _campaign(office, by, year, rng, as_of)
            campaigns, events, materials = campaigns + 1, events + e, materials + m
    return {"outreach_campaigns": campaigns, "outreach_events": events, "outreach_materials": materials}
