"""Construct the Facebook Graph cassettes under cassettes/facebook/ (run: python -m scripts.cassettes.facebook).

Shapes follow platform-formats §1.4–1.9. Request URLs come from the collector's own
first_page_url, so replay matches what the code sends. Bodies go through scrub_text, as a
live recording would: paging.next echoes the token and must be stored redacted.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

from auditor.collect.facebook import FIELDS, first_page_url, smaller_page
from auditor.period import Month
from auditor.registry import Channel
from auditor.collect.replay import scrub_text
from scripts.cassettes.common import interaction, write_cassette

OUT = Path("cassettes/facebook")
SETTINGS = {"facebook": {"graph_version": "v24.0", "base_url": "https://graph.facebook.com"}}
PAGE_ID = "104512345678901"
CLICK_PAGE_ID = "100064810338135"
MONTH = Month(2025, 2)
CHANNEL = Channel("facebook", PAGE_ID)
# Looks like a real token on purpose: the cassette must hold it only redacted.
FAKE_TOKEN = "EAABsbCS1iHgBAKZCfakeTOKEN0123456789"
TAGS = "#คลิกชุมชน #Clickชุมชน #กรมการพัฒนาชุมชน #กระทรวงมหาดไทย #บำบัดทุกข์บำรุงสุข #กิจกรรมขับเคลื่อนClickชุมชน #สำนักงานพัฒนาชุมชนอำเภอเมืองอุบลราชธานี"


def graph_body(body: dict) -> str:
    """JSON as Graph sends it (Thai \\u-escaped), scrubbed as the recorder would."""
    return scrub_text(json.dumps(body, ensure_ascii=True))


def next_url(**query) -> str:
    """A paging.next URL as Graph writes it: the token first, then the paging parameters."""
    params = {"access_token": FAKE_TOKEN, "fields": FIELDS, "limit": 100, **query}
    return f"https://graph.facebook.com/v24.0/{PAGE_ID}/posts?{urlencode(params)}"


def post(suffix: str, created: str, message: str | None = None, **extra) -> dict:
    item = {"id": f"{PAGE_ID}_{suffix}", "created_time": created, "updated_time": created,
            "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/{suffix}", "status_type": "added_photos"}
    if message is not None:
        item["message"] = message
    return {**item, **extra}


def error_body(code: int, message: str, *, subcode: int | None = None, kind: str = "OAuthException", **extra) -> str:
    error = {"message": message, "type": kind, "code": code, **extra, "fbtrace_id": "AbCdEfGhIjK"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return graph_body({"error": error})


PAGE_1 = [
    post("122100000000000001", "2025-02-14T03:25:41+0000",
         "ลงพื้นที่ประชุมชี้แจงการใช้งานแอป ร่วมกับ คลิกชุมชน " + TAGS,
         message_tags=[{"id": CLICK_PAGE_ID, "name": "คลิกชุมชน", "type": "page", "offset": 36, "length": 9},
                       {"id": "999", "name": "#คลิกชุมชน", "type": "page", "offset": 46, "length": 10}],
         attachments={"data": [
             {"type": "share", "title": "Click ชุมชน",
              "url": "https://l.facebook.com/l.php?u=https%3A%2F%2Fclick.cdd.go.th%2F&h=AT0abc",
              "target": {"url": "https://click.cdd.go.th/"}},
             {"type": "photo", "url": "https://www.facebook.com/photo/?fbid=122100000000000099",
              "target": {"id": "122100000000000099", "url": "https://www.facebook.com/photo/?fbid=122100000000000099"}}]}),
    # Photo-only post: Graph leaves out the empty message key.
    post("122100000000000002", "2025-02-10T02:00:00+0000",
         attachments={"data": [{"type": "photo", "url": "https://www.facebook.com/photo/?fbid=122100000000000098"}]}),
    # Story-only item Facebook wrote itself.
    post("122100000000000003", "2025-02-09T09:10:00+0000",
         story="สำนักงานพัฒนาชุมชนอำเภอเมืองอุบลราชธานี updated their cover photo."),
]
PAGE_3 = [
    # 00:30 Bangkok on 1 March: outside the month, inside the margin.
    post("122100000000000004", "2025-02-28T17:30:00+0000", "ประชุมประจำเดือนมีนาคม " + TAGS),
    # 00:30 Bangkok on 1 February: inside the month.
    post("122100000000000005", "2025-01-31T17:30:00+0000", "ชวนดาวน์โหลดแอป Click ชุมชน " + TAGS,
         message_tags={"20": [{"id": CLICK_PAGE_ID, "name": "Click ชุมชน", "type": "page", "offset": 20, "length": 11}]}),
    # 23:59:59 Bangkok on 31 January: outside the month, inside the margin.
    post("122100000000000006", "2025-01-31T16:59:59+0000", "ส่งท้ายเดือนมกราคม #คลิกชุมชน"),
    # A comment bumped this old post (since filters on updated_time): outside the margin.
    post("122100000000000007", "2025-01-20T05:00:00+0000", "โพสต์เก่า #คลิกชุมชน", updated_time="2025-02-20T05:00:00+0000"),
    # Created after the margin (ranked results are not chronological).
    post("122100000000000008", "2025-03-05T01:00:00+0000", "โพสต์เดือนมีนาคม"),
]


def paging() -> list[dict]:
    """Three pages: posts, an empty page that still has `next`, more posts and no `next`."""
    page2 = next_url(after="QVFIUnhZZ2")
    page3 = next_url(until=1738900000, since="", __paging_token="enc_AdBpagingToken", __previous="")
    return [
        interaction(first_page_url(SETTINGS, CHANNEL, MONTH), body=graph_body(
            {"data": PAGE_1, "paging": {"cursors": {"before": "QVFIUmFBQ", "after": "QVFIUnhZZ2"}, "next": page2}}),
            headers={"X-App-Usage": '{"call_count":16,"total_cputime":15,"total_time":12}'}),
        interaction(page2, body=graph_body({"data": [], "paging": {"next": page3}})),
        interaction(page3, body=graph_body({"data": PAGE_3, "paging": {"previous": next_url(since=1738000000)}})),
    ]


OLD_PAGE = [
    # Everything here was created before the window (1 February minus the 3-day margin).
    post("122100000000000011", "2025-01-20T02:00:00+0000", "ประชุมประจำเดือนมกราคม #คลิกชุมชน"),
    post("122100000000000012", "2025-01-12T02:00:00+0000", "ลงพื้นที่เยี่ยมครัวเรือนยากจน"),
]


def paging_stops() -> list[dict]:
    """A page in the month, then a page older than the window whose `next` must not be followed.

    Time-based next links drop `since` (§1.7): without a stop the collector walks the page's history.
    """
    page2 = next_url(until=1739000000, since="", __paging_token="enc_AdBstop2", __previous="")
    page3 = next_url(until=1736600000, since="", __paging_token="enc_AdBstop3", __previous="")
    return [
        interaction(first_page_url(SETTINGS, CHANNEL, MONTH), body=graph_body({"data": PAGE_1, "paging": {"next": page2}})),
        interaction(page2, body=graph_body({"data": OLD_PAGE, "paging": {"next": page3}})),
    ]


def paging_pinned() -> list[dict]:
    """Old posts mixed into newer pages must not end paging: a pinned (or comment-bumped, §1.10) post
    from 2023 tops page 1 and page 2 straddles the window start; only page 3 is wholly older."""
    pinned = post("122100000000000021", "2023-06-01T02:00:00+0000", "ปักหมุด: ช่องทางติดต่อสำนักงาน")
    page2 = next_url(until=1739100000, since="", __paging_token="enc_AdBpin2", __previous="")
    page3 = next_url(until=1738200000, since="", __paging_token="enc_AdBpin3", __previous="")
    page4 = next_url(until=1736600000, since="", __paging_token="enc_AdBpin4", __previous="")
    return [
        interaction(first_page_url(SETTINGS, CHANNEL, MONTH),
                    body=graph_body({"data": [pinned, PAGE_1[0]], "paging": {"next": page2}})),
        interaction(page2, body=graph_body({"data": [PAGE_1[1], OLD_PAGE[0]], "paging": {"next": page3}})),
        interaction(page3, body=graph_body({"data": OLD_PAGE[1:], "paging": {"next": page4}})),
    ]


def usage_header(percent: int) -> str:
    """X-App-Usage / X-Page-Usage as Graph sends it: percentages of the platform limit, no estimate."""
    return json.dumps({"call_count": percent, "total_cputime": 20, "total_time": 25})


def throttled(code: int, message: str, headers: dict, *, then_ok: bool) -> list[dict]:
    """One rate-limit error answered with `headers`, then success; or the error on every try (1 + 3 retries)."""
    first = first_page_url(SETTINGS, CHANNEL, MONTH)

    def error() -> dict:  # a fresh dict each time, or the YAML dump writes anchors
        return interaction(first, status=400, body=error_body(code, message, is_transient=True), headers=headers)

    if then_ok:
        return [error(), interaction(first, body=graph_body({"data": PAGE_3[:2]}))]
    return [error() for _ in range(4)]


def rate_limits() -> dict[str, list[dict]]:
    """Codes 4, 17, 32 and 613 (§1.8) with the platform usage headers of §1.9."""
    app, page = {"X-App-Usage": usage_header(100)}, {"X-Page-Usage": usage_header(104)}
    return {
        "rate_limit_app.yaml": throttled(4, "(#4) Application request limit reached", app, then_ok=True),
        "rate_limit_user.yaml": throttled(17, "(#17) User request limit reached", app, then_ok=False),
        "rate_limit_page.yaml": throttled(32, "(#32) Page request limit reached", page, then_ok=True),
        "rate_limit_custom.yaml": throttled(613, "(#613) Calls to this api have exceeded the rate limit.", {},
                                            then_ok=False),
    }


def failure(status: int, code: int, message: str, **kwargs) -> list[dict]:
    """The first request answered with one Graph error."""
    return [interaction(first_page_url(SETTINGS, CHANNEL, MONTH), status=status, body=error_body(code, message, **kwargs))]


def access_errors() -> dict[str, list[dict]]:
    """Token, permission and code-100 errors other than a missing page (§1.2, §1.8)."""
    return {
        "token_invalidated.yaml": failure(400, 190, "Error validating access token: The session has been invalidated "
                                          "because the user changed their password or Facebook has changed the session "
                                          "for security reasons.", subcode=460),
        "permission_200.yaml": failure(403, 200, "(#200) Missing Permissions"),
        "permission_283.yaml": failure(403, 283, "(#283) Requires pages_read_engagement permission to manage the object"),
        "ppca_proof.yaml": failure(400, 100, "(#100) Pages Public Content Access requires either app secret proof "
                                   "or an app token"),
        "bad_field.yaml": failure(400, 100, "(#100) Tried accessing nonexisting field (permalink_url) on node type (Page)"),
    }


def transient_errors() -> dict[str, list[dict]]:
    """Codes 1 and 2 (§1.8): a temporary outage, and a page too big to answer (asked again with half the limit)."""
    first = first_page_url(SETTINGS, CHANNEL, MONTH)
    outage = "(#2) Service temporarily unavailable"
    too_big = "Please reduce the amount of data you're asking for, then retry your request"
    return {
        "transient_then_ok.yaml": [interaction(first, status=500, body=error_body(2, outage, is_transient=True)),
                                   interaction(first, body=graph_body({"data": PAGE_3[:2]}))],
        "transient_exhausted.yaml": [interaction(first, status=500, body=error_body(2, outage, is_transient=True))
                                     for _ in range(4)],
        "too_much_data.yaml": [interaction(first, status=500, body=error_body(1, too_big)),
                               interaction(smaller_page(first), body=graph_body({"data": PAGE_3[:2]}))],
    }


def buc_header(minutes: int, count: int = 100) -> str:
    return json.dumps({PAGE_ID: [{"type": "pages", "call_count": count, "total_cputime": 30, "total_time": 40,
                                  "estimated_time_to_regain_access": minutes}]})


RATE_LIMITED = error_body(80001, "(#80001) There have been too many calls to this Page account. Wait a bit and try again. "
                                 "For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
                          is_transient=True)


def cassettes() -> dict[str, list[dict]]:
    """Every Facebook cassette by file name."""
    first = first_page_url(SETTINGS, CHANNEL, MONTH)
    return {
        "paging.yaml": paging(),
        "paging_stops.yaml": paging_stops(),
        "paging_pinned.yaml": paging_pinned(),
        **rate_limits(),
        **access_errors(),
        **transient_errors(),
        "token_expired.yaml": [interaction(first, status=400, body=error_body(
            190, "Error validating access token: Session has expired on Tuesday, 14-Oct-25 03:00:00 PDT. "
                 "The current time is Tuesday, 14-Oct-25 05:12:09 PDT.", subcode=463))],
        "rate_limit_then_ok.yaml": [
            interaction(first, status=400, body=RATE_LIMITED, headers={"X-Business-Use-Case-Usage": buc_header(1)}),
            interaction(first, body=graph_body({"data": PAGE_3[:2]}),
                        headers={"X-Business-Use-Case-Usage": buc_header(0, 60)}),
        ],
        "rate_limit_exhausted.yaml": [
            interaction(first, status=400, body=RATE_LIMITED, headers={"X-Business-Use-Case-Usage": buc_header(0)})
            for _ in range(4)
        ],
        "rate_limit_long.yaml": [
            interaction(first, status=403, body=RATE_LIMITED, headers={"X-Business-Use-Case-Usage": buc_header(45)})],
        "bad_page.yaml": [interaction(first, status=400, body=error_body(
            100, f"Unsupported get request. Object with ID '{PAGE_ID}' does not exist, cannot be loaded due to missing "
                 "permissions, or does not support this operation. Please read the Graph API documentation at "
                 "https://developers.facebook.com/docs/graph-api", subcode=33, kind="GraphMethodException"))],
        "permission.yaml": [interaction(first, status=403, body=error_body(
            10, "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content "
                "Access' feature. Refer to https://developers.facebook.com/docs/apps/review/login-permissions"))],
        "not_json.yaml": [interaction(first, body="<html><body>Sorry, something went wrong.</body></html>",
                                      content_type="text/html; charset=utf-8")],
    }


def main() -> None:
    for name, interactions in cassettes().items():
        write_cassette(OUT / name, interactions)
        print(OUT / name)


if __name__ == "__main__":
    main()
