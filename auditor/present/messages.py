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
from auditor.present.advice import todo_lines, undecided_sentence
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
    # What identifies the message as a person reads it (notify's "already sent"): the e-mail's
    # subject and text without the sentence about its PDF, and the LINE text without its last
    # line when that only says where the details went. See notify.run.content_hash.
    email_key: str = ""
    line_key: str = ""

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


def in_progress(cards: dict) -> bool:
    """A month audited before its end (--as-of): its summary counts districts on track and behind
    (and each district carries `progress`). Read from the summary: asked for every message."""
    return "on_track" in (cards.get("summary") or {})


def _pdf_line(attachment: Attachment | None, lang: str) -> list[str]:
    if attachment is None:
        return []
    if attachment.attached:
        return [fill(MESSAGE["pdf_attached"], {"file": attachment.path.rsplit("/", 1)[-1]}, lang)]
    why = fill(PDF_MISSING.get(attachment.why_not, PDF_MISSING["browser_failed"]), {}, lang)
    return [fill(MESSAGE["pdf_missing"], {"why": why}, lang)]


def _as_of_line(cards: dict, lang: str = TH) -> list[str]:
    """'ข้อมูล ณ …' when the month was audited before its end (what was stored, never the clock)."""
    if not (in_progress(cards) and cards.get("as_of")):
        return []
    return [fill(MESSAGE["as_of"], {"when": cards["as_of"]}, lang)]


def district_message(cards: dict, district: dict, *, base_url: str | None = None, attachment: Attachment | None = None,
                     by_email: bool = True) -> Message:
    """A district's message, from its stored scorecard: its verdict (in a month in progress, on
    track or behind, read from `progress` as the pages do), its to-do lines (advice.todo_lines),
    the as-of and days left of a month in progress, and a link to its page when report_base_url
    is set. `by_email`: the message also goes by e-mail (the LINE text may then point there)."""
    values = {**_month_labels(cards), **_province_names(cards), "name": district.get("name", ""),
              "name_en": district.get("name_en") or district.get("district", "")}
    verdict = words.shown_verdict(district)
    lines = todo_lines(district)
    count = fill(MESSAGE["todo_count"], {"n": len(lines)}) if lines else ""
    subject = fill(MESSAGE["district_subject"], {**values, "verdict": f"{verdict.symbol} {verdict.th}", "count": count})
    link = page_link(base_url, cards["month"], f"districts/{district.get('district')}.html")
    status = [fill(MESSAGE["result"], {**values, "symbol": verdict.symbol, "verdict": verdict.th}),
              *_as_of_line(cards), *_days_left(cards, district, lines)]
    todo = _todo_block(district, lines)

    def body(pdf: Attachment | None) -> str:
        return "\n\n".join(filter(None, [
            fill(MESSAGE["dear_district"], values),
            "\n".join(status),
            "\n".join(todo),
            "\n".join(([fill(MESSAGE["details_link"], {"link": link})] if link else []) + _pdf_line(pdf, TH)),
            fill(MESSAGE["signature"], values),
            _english(cards, values, verdict.en, len(lines), link, pdf),
        ])) + "\n"

    line_lines = [fill(MESSAGE["line_heading"], values), f"{verdict.symbol} {verdict.th}",
                  *_as_of_line(cards), *_days_left(cards, district, lines), *todo]
    return Message(district.get("district", ""), values["name"], subject, body(attachment),
                   _line_text(line_lines, _line_tail(link, by_email, attachment, values)), link, attachment,
                   email_key=subject + "\n" + body(None), line_key=_line_text(line_lines, link or ""))


def _days_left(cards: dict, district: dict, lines: list[str]) -> list[str]:
    """The days left, in a month in progress, for a district with something still to do."""
    days = district.get("days_left")
    if not in_progress(cards) or days is None or not (lines or district.get("progress") == "behind"):
        return []
    return [fill(MESSAGE["days_left"], {"days": days})]


def _todo_block(district: dict, lines: list[str]) -> list[str]:
    """The numbered to-do, then (once, not the to-do again) what cannot be decided yet and why."""
    out = [fill(MESSAGE["todo_heading"]), *(f"{i}. {line}" for i, line in enumerate(lines, 1))] if lines else []
    undecided = undecided_sentence(district)
    if undecided:
        out.append(undecided)
    return out or [fill(MESSAGE["all_done"])]


def _english(cards: dict, values: dict, verdict_en: str, todo: int, link: str | None, attachment: Attachment | None) -> str:
    lines = [f"{fill(MESSAGE['english'], {}, EN)}: " + fill(MESSAGE["result"], {**values, "verdict": verdict_en}, EN)
             + (f"; {fill(MESSAGE['todo_count'], {'n': todo}, EN).strip(' –')} (listed above in Thai)." if todo else "."),
             *_as_of_line(cards, EN)]
    if link:
        lines.append(fill(MESSAGE["details_link"], {"link": link}, EN))
    lines += _pdf_line(attachment, EN)
    return "\n".join(lines)


def _line_tail(link: str | None, by_email: bool, attachment: Attachment | None, values: dict) -> str:
    """The LINE text's last line, by what was really sent: the link; else where the details went
    (the e-mail, with its PDF only when one is attached); else whom to ask."""
    if link:
        return fill(MESSAGE["details_link"], {"link": link})
    if by_email:
        return fill(MESSAGE["line_email_pdf" if attachment is not None and attachment.attached else "line_email"])
    return fill(MESSAGE["line_ask_province"], values)


def _line_text(lines: list[str], tail: str) -> str:
    """The LINE form: the lines, then the tail (kept even when the text must be cut to LINE's limit)."""
    text = "\n".join(lines)
    room = LINE_TEXT_LIMIT - len(tail) - 2
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text}\n\n{tail}" if tail else text


def province_message(cards: dict, *, base_url: str | None = None, attachment: Attachment | None = None,
                     by_email: bool = True) -> Message:
    """The province staff's message: how many districts pass, fail or are incomplete (in a month in
    progress: on track or behind, and as of when), the rules failed (or not yet met) most often,
    which districts fail or are behind, and the overview's link."""
    values = {**_month_labels(cards), **_province_names(cards)}
    districts = cards.get("districts") or []
    progress = in_progress(cards)
    shown = [words.shown_verdict(d).code for d in districts]
    counted = {"fail": shown.count("fail"), "incomplete": shown.count("incomplete"), "pass_": shown.count("pass"),
               "on_track": shown.count("on_track"), "behind": shown.count("behind"), "total": len(districts),
               "at": cards.get("as_of") or ""}
    counts = "counts_progress" if progress else "counts"
    failures = [f for f in rule_failures(cards, Fmt()) if f.fails][:TOP_FAILURES]
    heading, item = ("top_behind", "rule_behind") if progress else ("top_failures", "rule_failure")
    top = ([fill(MESSAGE[heading])] + [f"- {fill(MESSAGE[item], {'title': f.title_th, 'n': f.fails})}" for f in failures]
           if failures else [fill(MESSAGE["no_behind" if progress else "no_failures"])])
    groups = (("behind_names", "behind"),) if progress else (("failing", "fail"), ("incomplete", "incomplete"))
    names = [fill(MESSAGE[key], {"names": ", ".join(d.get("name", "") for d, c in zip(districts, shown) if c == code)})
             for key, code in groups if code in shown]
    link = page_link(base_url, cards["month"], "index.html")
    subject = fill(MESSAGE["province_subject_progress" if progress else "province_subject"], {**values, **counted})

    def english(pdf: Attachment | None) -> str:
        return "\n".join([f"{fill(MESSAGE['english'], {}, EN)}: {values['month_en']}: " + fill(MESSAGE[counts], counted, EN),
                          *_as_of_line(cards, EN), *([fill(MESSAGE["overview_link"], {"link": link}, EN)] if link else []),
                          *_pdf_line(pdf, EN)])

    def body(pdf: Attachment | None) -> str:
        return "\n\n".join(filter(None, [
            fill(MESSAGE["dear_province"], values),
            "\n".join([fill(MESSAGE["province_result"], values), *_as_of_line(cards), fill(MESSAGE[counts], counted)]),
            "\n".join(top), "\n".join(names),
            "\n".join(([fill(MESSAGE["overview_link"], {"link": link})] if link else []) + _pdf_line(pdf, TH)),
            fill(MESSAGE["signature"], values), english(pdf),
        ])) + "\n"

    line_lines = [subject, fill(MESSAGE[counts], counted), *top]  # the subject says as of when
    return Message(PROVINCE, values["province"], subject, body(attachment),
                   _line_text(line_lines, _line_tail(link, by_email, attachment, values)), link, attachment,
                   email_key=subject + "\n" + body(None), line_key=_line_text(line_lines, link or ""))
