"""The messages `auditor notify` sends, built from a stored month's scorecards: one per district
(its verdict and to-do) and one for the province staff (the counts and the rules failed most).

Each message has an e-mail form (subject, plain-text body, the PDF's file name) and a short LINE
form (one text; LINE carries no PDF, so it gives the link instead). Nothing here sends, reads the
clock or knows a recipient: the same scorecards give the same words, so the notify stage can tell
a message already sent by its content hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from auditor.period import parse_month
from auditor.present import words
from auditor.present.advice import missing_sentence, todo_lines
from auditor.present.glance import TOP_FAILURES, rule_failures
from auditor.present.words.notify import MESSAGE, PDF_MISSING
from auditor.present.views import Fmt
from auditor.present.words import EN, TH, fill

LINE_TEXT_LIMIT = 5000  # characters in one LINE text message (Messaging API reference)
PROVINCE = "province"  # the office key of the province staff's message


@dataclass(frozen=True)
class Attachment:
    """The PDF a message carries: its path relative to the month's folder, or why there is none."""

    path: str  # "districts/<id>.pdf" or "province.pdf"
    attached: bool
    why_not: str = ""  # a PDF_MISSING key when not attached


@dataclass(frozen=True)
class Message:
    """One message, in its e-mail and LINE forms."""

    office: str  # a district id, or PROVINCE
    name: str  # who it is about, in Thai ('เขมราฐ', 'อุบลราชธานี')
    subject: str
    body: str
    line_text: str
    link: str | None
    attachment: Attachment | None

    @property
    def is_province(self) -> bool:
        return self.office == PROVINCE


def _month_labels(cards: dict) -> dict:
    month = parse_month(cards["month"])
    return {"month": cards.get("month_label_th") or month.thai_label,
            "month_en": month.start.strftime("%B %Y"), "tag": fill(MESSAGE["tag"])}


def _province_names(cards: dict) -> dict:
    province = cards.get("province") or {}
    return {"province": province.get("name_th", ""), "province_en": province.get("name_en", "")}


def page_link(base_url: str | None, month: str, page: str) -> str | None:
    """The published address of a page of the month, when [reports] report_base_url is set."""
    return f"{base_url.rstrip('/')}/{month}/{page}" if base_url else None


def _days_left(district: dict, days_left: int | None) -> int | None:
    return days_left if days_left is not None else district.get("days_left")


def _pdf_line(attachment: Attachment | None, lang: str) -> list[str]:
    if attachment is None:
        return []
    if attachment.attached:
        return [fill(MESSAGE["pdf_attached"], {"file": attachment.path.rsplit("/", 1)[-1]}, lang)]
    why = fill(PDF_MISSING.get(attachment.why_not, PDF_MISSING["browser_failed"]), {}, lang)
    return [fill(MESSAGE["pdf_missing"], {"why": why}, lang)]


def district_message(cards: dict, district: dict, *, base_url: str | None = None, attachment: Attachment | None = None,
                     days_left: int | None = None, as_of: str | None = None) -> Message:
    """A district's message: its verdict, its to-do lines (advice.todo_lines), the days left when
    the month is audited before its end, and a link to its page when report_base_url is set."""
    values = {**_month_labels(cards), **_province_names(cards), "name": district.get("name", ""),
              "name_en": district.get("name_en") or district.get("district", "")}
    verdict = words.verdict(district.get("verdict"))
    lines = todo_lines(district)
    count = fill(MESSAGE["todo_count"], {"n": len(lines)}) if lines else ""
    subject = fill(MESSAGE["district_subject"], {**values, "verdict": f"{verdict.symbol} {verdict.th}", "count": count})
    link = page_link(base_url, cards["month"], f"districts/{district.get('district')}.html")
    days = _days_left(district, days_left)
    status = [fill(MESSAGE["result"], {**values, "symbol": verdict.symbol, "verdict": verdict.th})]
    status += _timing(as_of or cards.get("as_of"), days, district.get("verdict"), TH)
    todo = _todo_block(district, lines)
    body = "\n\n".join(filter(None, [
        fill(MESSAGE["dear_district"], values),
        "\n".join(status),
        "\n".join(todo),
        "\n".join(([fill(MESSAGE["details_link"], {"link": link})] if link else []) + _pdf_line(attachment, TH)),
        fill(MESSAGE["signature"], values),
        _english(values, verdict.en, len(lines), link, attachment),
    ])) + "\n"
    line_text = _line_text([f"{fill(MESSAGE['tag'])} อำเภอ{values['name']} · {values['month']}",
                            f"{verdict.symbol} {verdict.th}", *_timing(None, days, district.get("verdict"), TH), *todo],
                           link)
    return Message(district.get("district", ""), values["name"], subject, body, line_text, link, attachment)


def _timing(as_of: str | None, days: int | None, verdict: str | None, lang: str) -> list[str]:
    out = []
    if as_of:
        out.append(fill(MESSAGE["as_of"], {"when": Fmt().datetime(as_of)}, lang))
    if days is not None and verdict != "pass":
        out.append(fill(MESSAGE["days_left"], {"days": days}, lang))
    return out


def _todo_block(district: dict, lines: list[str]) -> list[str]:
    """The numbered to-do, and the sentence of what cannot be decided yet (incomplete districts)."""
    if district.get("verdict") == "pass" and not lines:
        return [fill(MESSAGE["all_done"])]
    out = [fill(MESSAGE["todo_heading"]), *(f"{i}. {line}" for i, line in enumerate(lines, 1))] if lines else []
    if district.get("verdict") != "fail" or not lines:
        sentence = missing_sentence({**district, "days_left": None})
        if sentence not in lines:
            out.append(sentence)
    return out


def _english(values: dict, verdict_en: str, todo: int, link: str | None, attachment: Attachment | None) -> str:
    lines = [f"{fill(MESSAGE['english'], {}, EN)}: " + fill(MESSAGE["result"], {**values, "verdict": verdict_en}, EN)
             + (f"; {fill(MESSAGE['todo_count'], {'n': todo}, EN).strip(' –')} (listed above in Thai)." if todo else ".")]
    if link:
        lines.append(fill(MESSAGE["details_link"], {"link": link}, EN))
    lines += _pdf_line(attachment, EN)
    return "\n".join(lines)


def _line_text(lines: list[str], link: str | None) -> str:
    """The LINE form: the lines, then the link (kept even when the text must be cut to LINE's limit)."""
    tail = fill(MESSAGE["details_link"], {"link": link}) if link else fill(MESSAGE["line_no_link"])
    text = "\n".join(lines)
    room = LINE_TEXT_LIMIT - len(tail) - 2
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text}\n\n{tail}"


def province_message(cards: dict, *, base_url: str | None = None, attachment: Attachment | None = None) -> Message:
    """The province staff's message: how many districts pass, fail or are incomplete, the rules
    failed most often, which districts fail, and the overview's link."""
    values = {**_month_labels(cards), **_province_names(cards)}
    districts = cards.get("districts") or []
    counts = {code: sum(1 for d in districts if d.get("verdict") == code) for code in ("fail", "incomplete", "pass")}
    counted = {"fail": counts["fail"], "incomplete": counts["incomplete"], "pass_": counts["pass"], "total": len(districts)}
    failures = [f for f in rule_failures(cards, Fmt()) if f.fails][:TOP_FAILURES]
    top = ([fill(MESSAGE["top_failures"])] + [f"- {fill(MESSAGE['rule_failure'], {'title': f.title_th, 'n': f.fails})}"
                                               for f in failures]) if failures else [fill(MESSAGE["no_failures"])]
    names = [fill(MESSAGE[key], {"names": ", ".join(d.get("name", "") for d in districts if d.get("verdict") == code)})
             for key, code in (("failing", "fail"), ("incomplete", "incomplete")) if counts[code]]
    link = page_link(base_url, cards["month"], "index.html")
    subject = fill(MESSAGE["province_subject"], {**values, **counted})
    english = "\n".join([f"{fill(MESSAGE['english'], {}, EN)}: {values['month_en']}: " + fill(MESSAGE["counts"], counted, EN),
                         *([fill(MESSAGE["overview_link"], {"link": link}, EN)] if link else []), *_pdf_line(attachment, EN)])
    body = "\n\n".join(filter(None, [
        fill(MESSAGE["dear_province"], values),
        fill(MESSAGE["province_result"], values) + "\n" + fill(MESSAGE["counts"], counted),
        "\n".join(top), "\n".join(names),
        "\n".join(([fill(MESSAGE["overview_link"], {"link": link})] if link else []) + _pdf_line(attachment, TH)),
        fill(MESSAGE["signature"], values), english,
    ])) + "\n"
    line_text = _line_text([subject, fill(MESSAGE["counts"], counted), *top], link)
    return Message(PROVINCE, values["province"], subject, body, line_text, link, attachment)

