"""Construct the recordings of the setup tools (run: python -m scripts.cassettes.setup).

* cassettes/setup-cases/: one cassette per documented answer shape, for the unit tests —
  debug_token (setup-and-delivery-apis.md §1.1: a valid Page token, an invalidated one (190/460),
  one expiring, a garbage one), page look-ups (§1.2: found, alias unknown 803, missing 100/33),
  YouTube channels.list by handle/username (§2: found; no match = HTTP 200 without `items`; the
  newer bad-key shape), channel pages (§2.1: canonical link; a consent page without an id; 404),
  TikTok profile oEmbed (§3: found; unknown handle HTTP 400).
* cassettes/setup/: the bundle `auditor channels import … --replay` and `auditor doctor --replay`
  use for the 25 Ubon districts of the demo: `channels-sample.csv` (the template's rows filled in
  with addresses as people paste them, from the demo's ids), the look-ups that import makes and
  every request doctor makes for the config it writes.

debug_token's request carries nothing but secrets in its query (input_token, access_token), so
every debug_token request is the same once filtered: each case lives in its own cassette, and the
bundle holds exactly one (the config names one token variable).
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from auditor.collect.links import oembed_url
from auditor.collect.lookup import CLICK_PAGE_NAME, graph_url
from auditor.collect.website import probe_rest_url, rss_url
from auditor.collect.youtube import api_url, feed_url
from auditor.collect.replay import scrub_text
from auditor.registry import Channel, load_registry
from auditor.setup.channels import sheet_columns
from scripts.cassettes.common import interaction, write_cassette
from scripts.cassettes.website import rss_feed, rss_item

CASES = Path("cassettes/setup-cases")
BUNDLE = Path("cassettes/setup")
DEMO = Path("cassettes/demo/auditor.toml")
SETTINGS = {"facebook": {"graph_version": "v24.0", "base_url": "https://graph.facebook.com"},
            "youtube": {"feed_base_url": "https://www.youtube.com", "api_base_url": "https://www.googleapis.com/youtube/v3"},
            "tiktok": {"oembed_url": "https://www.tiktok.com/oembed"}}
FAKE_TOKEN = "EAABsetupTOKEN0123456789fake"  # only ever written filtered or redacted
APP_ID = "1234567890123456"
CLICK_PAGE_ID = "100064810338135"
WARIN = "warin-chamrap"
WARIN_VANITY = "cddwarinchamrap"  # the page name the sample sheet pastes for Warin Chamrap
WARIN_HANDLE = "@cddwarinchamrap"  # and its YouTube handle
NOT_GRANTED = "nam-khun"  # its page was never granted to the province's system user
NO_POSTS = "si-mueang-mai"  # granted with a role too weak to read posts
RSS_ONLY = "khueang-nai"  # a site whose REST route is off: read through RSS
UNREADABLE = "khemarat"  # REST and RSS both refused; only a configured listing would do
EXPIRES_SOON = datetime(2025, 3, 10, tzinfo=timezone.utc)


def graph(body: dict) -> str:
    return scrub_text(json.dumps(body, ensure_ascii=True))


def graph_error(code: int, message: str, subcode: int | None = None, kind: str = "OAuthException") -> str:
    error = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEfGhIjK"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return graph({"error": error})


def debug(data: dict) -> dict:
    return interaction(graph_url(SETTINGS, "debug_token", input_token=FAKE_TOKEN, access_token=FAKE_TOKEN),
                       body=graph({"data": data}))


def token_data(pages: list[str], **extra) -> dict:
    scopes = ["pages_show_list", "pages_read_engagement", "pages_read_user_content", "public_profile"]
    data = {"app_id": APP_ID, "type": "USER", "application": "auditor-province", "data_access_expires_at": 0,
            "expires_at": 0, "is_valid": True, "scopes": scopes,
            "granular_scopes": [{"scope": "pages_show_list", "target_ids": pages},
                                {"scope": "pages_read_engagement", "target_ids": pages},
                                {"scope": "pages_read_user_content", "target_ids": pages}],
            "user_id": "122100000000000001"}
    return {**data, **extra}


def page_node(name_or_id: str, page_id: str, name: str) -> dict:
    return interaction(graph_url(SETTINGS, name_or_id, fields="id,name", access_token=FAKE_TOKEN),
                       body=graph({"id": page_id, "name": name}))


def posts_probe(page_id: str, body: str | None = None, status: int = 200) -> dict:
    default = graph({"data": [{"id": f"{page_id}_122100000000000001"}],
                     "paging": {"cursors": {"before": "QVFIUmFBQ", "after": "QVFIUnhZZ2"}}})
    return interaction(graph_url(SETTINGS, f"{page_id}/posts", fields="id", limit=1, access_token=FAKE_TOKEN),
                       body=body or default, status=status)


def yt_channels(filters: dict, items: list[dict], part: str = "id,snippet", status: int = 200, body=None) -> dict:
    url = api_url(SETTINGS, "channels", part=part, **filters, key="FAKEKEY")
    payload = body if body is not None else {"kind": "youtube#channelListResponse", "etag": "95CuK9X-WvjzDB-89wSkR5tQC7k",
                                             "pageInfo": {"totalResults": len(items), "resultsPerPage": 5},
                                             **({"items": items} if items else {})}
    return interaction(url, body=payload, status=status)


def yt_item(channel_id: str, title: str, handle: str = "") -> dict:
    return {"kind": "youtube#channel", "etag": "cU3aTk1M1atfrmT1gHESVyuma5s", "id": channel_id,
            "snippet": {"title": title, "description": "", "customUrl": handle or "@" + channel_id[2:12].lower(),
                        "publishedAt": "2019-04-06T23:02:37Z"}}


def channel_page(channel_id: str | None) -> str:
    head = (f'<link rel="canonical" href="https://www.youtube.com/channel/{channel_id}">'
            f'<meta itemprop="identifier" content="{channel_id}">') if channel_id else ""
    return f"<!DOCTYPE html><html lang=\"th-TH\"><head><title>YouTube</title>{head}</head><body></body></html>"


def tiktok_profile(handle: str, name: str) -> dict:
    bare = handle.lstrip("@")
    return interaction(oembed_url(SETTINGS, f"https://www.tiktok.com/@{bare}"), body={
        "version": "1.0", "type": "rich", "title": f"{name}'s Creator Profile", "author_url": f"https://www.tiktok.com/@{bare}",
        "author_name": name, "width": "100%", "height": "100%", "provider_url": "https://www.tiktok.com",
        "provider_name": "TikTok", "embed_product_id": bare, "embed_type": "profile"})


def yt_feed(channel_id: str, title: str) -> str:
    entries = "".join(
        f"<entry><id>yt:video:Vid{n:08d}ab</id><yt:videoId>Vid{n:08d}ab</yt:videoId><yt:channelId>{channel_id}</yt:channelId>"
        f"<title>คลิปที่ {n} #คลิกชุมชน</title><link rel=\"alternate\" href=\"https://www.youtube.com/watch?v=Vid{n:08d}ab\"/>"
        f"<author><name>{escape(title)}</name><uri>https://www.youtube.com/channel/{channel_id}</uri></author>"
        f"<published>2025-02-{10 + n:02d}T03:00:00+00:00</published></entry>" for n in range(3))
    return ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
            'xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">'
            f"<id>yt:channel:{channel_id[2:]}</id><title>{escape(title)}</title>{entries}</feed>")


# --- the unit-test cases ------------------------------------------------------------------------


def cases() -> dict[str, list[dict]]:
    pages = ["104512345678901"]
    return {
        "debug_token_page": [debug(token_data(pages, type="PAGE", profile_id=pages[0], data_access_expires_at=1767139200))],
        "debug_token_invalid": [debug({"app_id": APP_ID, "type": "USER", "application": "auditor-province",
                                       "data_access_expires_at": 1767139200, "expires_at": 0, "is_valid": False,
                                       "scopes": ["public_profile"], "user_id": "122100000000000001",
                                       "error": {"code": 190, "subcode": 460, "message": "Error validating access token: "
                                                 "The session has been invalidated because the user changed their password "
                                                 "or Facebook has changed the session for security reasons."}})],
        "debug_token_expiring": [debug(token_data(pages, expires_at=int(EXPIRES_SOON.timestamp())))],
        "debug_token_no_read_scope": [debug(token_data(pages, scopes=["pages_show_list", "public_profile"],
                                                       granular_scopes=[{"scope": "pages_show_list", "target_ids": pages}]))],
        "debug_token_garbage": [debug({"error": {"code": 190, "message": "Invalid OAuth access token - Cannot parse access token"},
                                       "is_valid": False, "scopes": []})],
        "graph_lookups": [
            interaction(graph_url(SETTINGS, "bangrak.district", fields="id,name", access_token=FAKE_TOKEN),
                        body=graph({"id": "104512345678901", "name": "สำนักงานเขตบางรัก"})),
            interaction(graph_url(SETTINGS, "bangrak.distrikt", fields="id,name", access_token=FAKE_TOKEN), status=404,
                        body=graph_error(803, "(#803) Some of the aliases you requested do not exist: bangrak.distrikt")),
            interaction(graph_url(SETTINGS, "104599999999999", fields="id,name", access_token=FAKE_TOKEN), status=400,
                        body=graph_error(100, "Unsupported get request. Object with ID '104599999999999' does not exist, "
                                              "cannot be loaded due to missing permissions, or does not support this operation. "
                                              "Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                                         33, "GraphMethodException")),
        ],
        "youtube_lookups": [
            yt_channels({"forHandle": "@bangrakdistrict"}, [yt_item("UCa1b2c3d4e5f6g7h8i9j0kL", "สำนักงานเขตบางรัก", "@bangrakdistrict")]),
            yt_channels({"forUsername": "bangrakold"}, []),
            yt_channels({"forHandle": "@badkey"}, [], status=400, body={"error": {
                "code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
                "errors": [{"message": "API key not valid. Please pass a valid API key.", "domain": "global", "reason": "badRequest"}],
                "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                             "domain": "googleapis.com", "metadata": {"service": "youtube.googleapis.com"}}]}}),
            interaction("https://www.youtube.com/@cddnokey", body=channel_page("UCz9y8x7w6v5u4t3s2r1q0pA"),
                        content_type="text/html; charset=utf-8"),
            interaction("https://www.youtube.com/c/ConsentWall", body=channel_page(None), content_type="text/html; charset=utf-8"),
            interaction("https://www.youtube.com/user/gone", status=404, body="<html><body>404</body></html>",
                        content_type="text/html; charset=utf-8"),
        ],
        "tiktok_lookups": [
            tiktok_profile("@bangrak.district", "สำนักงานเขตบางรัก"),
            interaction(oembed_url(SETTINGS, "https://www.tiktok.com/@no_such_handle_x"), status=400,
                        body={"code": 400, "message": "Something went wrong"}),
        ],
    }


# --- the bundle: the demo's districts pasted into the sheet -----------------------------------------


def sample_cells(office, index: int) -> dict[str, str]:
    """What a person pastes for an office: addresses in the forms browsers show, from the demo's ids."""
    cells: dict[str, str] = {}
    for channel in office.channels:
        cells[channel.platform] = _pasted(office.id, channel, index)
    if office.id == WARIN:
        cells["notify_email"] = "cdd.warin@example.go.th"
        cells["notify_line"] = "C" + "0123456789abcdef" * 2
    return cells


def _pasted(office_id: str, channel: Channel, index: int) -> str:
    account = channel.account
    if channel.platform == "facebook":
        if office_id == WARIN:
            return f"https://www.facebook.com/{WARIN_VANITY}"
        forms = (f"https://www.facebook.com/profile.php?id={account}", f"https://m.facebook.com/{account}/",
                 f"https://web.facebook.com/{account}?mibextid=ZbWKwL")
        return forms[index % 3]
    if channel.platform == "website":
        forms = (f"{account}category/news/", account.removeprefix("https://").rstrip("/"), f"{account}2025/02/14/otop-news/")
        return forms[index % 3]
    if channel.platform == "youtube":
        return f"https://www.youtube.com/{WARIN_HANDLE}" if office_id == WARIN else f"https://www.youtube.com/channel/{account}/videos"
    if channel.platform == "tiktok":
        return f"https://www.tiktok.com/{account}?lang=th"
    return account


def write_sample_sheet(registry) -> Path:
    columns = sheet_columns()
    path = BUNDLE / "channels-sample.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in columns])
        for index, office in enumerate(registry.offices):
            cells = {"id": office.id, "name_th": office.name_th, "office_hashtags": " ".join(office.office_hashtags),
                     **sample_cells(office, index)}
            writer.writerow([cells.get(c.key, "") for c in columns])
    return path


def import_lookups(registry) -> list[dict]:
    """What `channels import` asks: the Warin page name and handle; each profile.php number confirmed."""
    out = []
    for index, office in enumerate(registry.offices):
        for channel in office.channels:
            pasted = _pasted(office.id, channel, index)
            if channel.platform == "facebook" and office.id == WARIN:
                out.append(page_node(WARIN_VANITY, channel.account, f"สำนักงานพัฒนาชุมชนอำเภอ{office.name_th}"))
            elif channel.platform == "facebook" and "profile.php" in pasted:
                out.append(page_node(channel.account, channel.account, f"สำนักงานพัฒนาชุมชนอำเภอ{office.name_th}"))
            elif channel.platform == "youtube" and office.id == WARIN:
                out.append(yt_channels({"forHandle": WARIN_HANDLE}, [yt_item(channel.account, f"พช.{office.name_th}", WARIN_HANDLE)]))
    return out


def doctor_requests(registry) -> list[dict]:
    """Every request `auditor doctor` makes for the imported config, in its order."""
    pages = [c.account for o in registry.offices for c in o.channels if c.platform == "facebook"]
    granted = [p for o in registry.offices for c in o.channels if c.platform == "facebook" and o.id != NOT_GRANTED
               for p in [c.account]]
    out = [debug(token_data(granted)),
           interaction(graph_url(SETTINGS, CLICK_PAGE_NAME, fields="id,name", access_token=FAKE_TOKEN),
                       body=graph({"id": CLICK_PAGE_ID, "name": "Click ชุมชน"}))]
    for office in registry.offices:
        for channel in office.channels:
            out += _channel_requests(office, channel)
    youtube = [c.account for o in registry.offices for c in o.channels if c.platform == "youtube"]
    out.append(yt_channels({"id": youtube[0], "maxResults": 50}, [{"kind": "youtube#channel", "id": youtube[0]}], part="id"))
    assert len(pages) == len(set(pages))
    return out


def _channel_requests(office, channel: Channel) -> list[dict]:
    name = f"สำนักงานพัฒนาชุมชนอำเภอ{office.name_th}" if office.is_district else office.name_th
    if channel.platform == "facebook":
        node = page_node(channel.account, channel.account, name)
        if office.id == NOT_GRANTED:
            return [node]
        if office.id == NO_POSTS:
            return [node, posts_probe(channel.account, graph_error(10, "(#10) This endpoint requires the "
                                                                       "'pages_read_engagement' permission or the 'Page Public "
                                                                       "Content Access' feature."), 403)]
        return [node, posts_probe(channel.account)]
    if channel.platform == "website":
        return _site_requests(office, channel)
    if channel.platform == "youtube":
        return [yt_channels({"id": channel.account, "maxResults": 50}, [yt_item(channel.account, f"พช.{office.name_th}")]),
                interaction(feed_url(SETTINGS, channel), body=yt_feed(channel.account, f"พช.{office.name_th}"),
                            content_type="application/atom+xml; charset=UTF-8")]
    if channel.platform == "tiktok":
        return [tiktok_profile(channel.account, name)]
    return []


def _site_requests(office, channel: Channel) -> list[dict]:
    rest = probe_rest_url(channel)
    if office.id == RSS_ONLY:
        site = channel.account
        item = rss_item(site, 51, datetime(2025, 2, 14, 3, tzinfo=timezone.utc), "ข่าวกิจกรรม", "<p>#คลิกชุมชน</p>")
        return [interaction(rest, status=404, body={"code": "rest_no_route", "message": "No route was found matching the URL and request method.",
                                                    "data": {"status": 404}}),
                interaction(rss_url(channel, 1), body=rss_feed(site, [item]), content_type="application/rss+xml; charset=UTF-8")]
    if office.id == UNREADABLE:
        blocked = "<html><body>Access denied by security policy</body></html>"
        return [interaction(rest, status=403, body=blocked, content_type="text/html; charset=UTF-8"),
                interaction(rss_url(channel, 1), status=404, body="<html><body>Not Found</body></html>",
                            content_type="text/html; charset=UTF-8")]
    return [interaction(rest, body=[{"id": 51}], headers={"X-WP-Total": "37", "X-WP-TotalPages": "37"})]


def main() -> None:
    for name, interactions in cases().items():
        write_cassette(CASES / f"{name}.yaml", interactions)
    demo = load_registry(DEMO)
    write_sample_sheet(demo)
    write_cassette(BUNDLE / "lookups.yaml", import_lookups(demo))
    write_cassette(BUNDLE / "doctor.yaml", doctor_requests(demo))
    print(f"wrote {CASES}/ and {BUNDLE}/")


if __name__ == "__main__":
    main()
