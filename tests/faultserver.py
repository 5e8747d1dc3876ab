"""A loopback server that speaks each platform's real formats and, on request, misbehaves the way
real platforms, proxies and firewalls do. Used by tests/test_faults.py.

Routes (the scan's config points every base URL here): Graph API page posts (/graph), the YouTube
channel feed (/yt) and Data API (/ytapi), TikTok oEmbed (/tiktok), WordPress REST (/wp/rest),
an RSS2 feed (/wp/rss) and a plain HTML listing with article pages (/wp/html). Shapes follow
/work/shared/reference/platform-formats.md and the cassettes.

`server.fault` names the fault every response gets (FAULTS); "none" serves good data. Good answers
honour conditional requests as the platforms do: the YouTube feed, the RSS feed and the listing send
an ETag and Last-Modified and answer 304 to a matching If-None-Match (or a later If-Modified-Since);
WordPress REST filters on `modified_after`; Graph answers `fields=id,updated_time`. `server.changed`
names the groups ("feed", "graph", "rest", "rss", "listing") that gained a post just now, and
`server.hits` counts the requests per group. The server
binds 127.0.0.1 only, its handler threads are daemons, every delay is bounded (HANG seconds at
most), and `stop()` shuts it down; "refused" is served by closing the listening socket.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections import Counter
import threading
import time
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

HANG = 4.0  # seconds a "read_timeout" reply waits before answering; longer than any test timeout
HUGE = 2 * 1024 * 1024  # bytes of a "huge" body; the tests cap bodies at 1 MB
PAGE_ID = "104512345678901"
FEED_CHANNEL, API_CHANNEL = "UCfeedfeedfeedfeedfeedfe", "UCapiapiapiapiapiapiapia"
PROMO = ("ชวนดาวน์โหลดแอป Click ชุมชน #คลิกชุมชน #Clickชุมชน #กรมการพัฒนาชุมชน #กระทรวงมหาดไทย "
         "#บำบัดทุกข์บำรุงสุข #กิจกรรมขับเคลื่อนClickชุมชน")

# fault → the groups it applies to (None: every group). Paging faults exist only where paging does.
PAGED = ("graph", "ytapi", "rest", "rss", "listing")
FAULTS = {
    "refused": None, "read_timeout": None, "trickle": None,
    "retry_after_short": None, "retry_after_long": None, "429": None, "503": None,
    "malformed": None, "truncated": None, "cut_connection": None,
    "login_html": None, "login_xhtml": None, "forbidden_html": None,
    "empty_next": ("graph", "ytapi", "rest", "listing"), "repeat_cursor": PAGED,
    "text_plain": None, "latin1_header": None, "invalid_utf8": None, "huge": None,
    "graph_190": ("graph",), "graph_4": ("graph",), "graph_17": ("graph",), "graph_32": ("graph",),
    "graph_613": ("graph",), "graph_100": ("graph",),
}
GRAPH_ERRORS = {  # code → (HTTP status, subcode, message), wording as in platform-formats §1.8
    190: (400, None, "Malformed access token {token}"),
    4: (403, None, "(#4) Application request limit reached"),
    17: (400, None, "(#17) User request limit reached"),
    32: (400, None, "(#32) Page request limit reached"),
    613: (400, None, "(#613) Calls to this api have exceeded the rate limit."),
    100: (400, 33, "Unsupported get request. Object with ID '" + PAGE_ID + "' does not exist, cannot be loaded due "
                   "to missing permissions, or does not support this operation."),
}


def when(day: int, hour: int = 3) -> datetime:
    return datetime(2025, 2, day, hour, 0, tzinfo=timezone.utc)


def tiktok_id(day: int) -> str:
    """A TikTok video id whose snowflake time (id >> 32) is 10:00 Bangkok on that February day."""
    return str((int(when(day).timestamp()) << 32) + 123456)


TIKTOK_VIDEOS = (tiktok_id(10), tiktok_id(20))


class Reply:
    """What a route answers before a fault is applied."""

    def __init__(self, body: bytes | str, content_type: str, status: int = 200, headers: dict | None = None,
                 kind: str = "json"):
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.content_type, self.status, self.headers, self.kind = content_type, status, dict(headers or {}), kind


class FaultServer:
    """The server; `fault` is read by every request (set it between scans)."""

    def __init__(self):
        self.fault = "none"
        self.port = 0
        self.requests = 0
        self.hits: Counter = Counter()  # group → requests
        self.changed: set[str] = set()  # groups that gained a post (updated now)
        self._httpd: ThreadingHTTPServer | None = None
        self.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        handler = type("Handler", (_Handler,), {"server_state": self})
        httpd = _Server(("127.0.0.1", self.port), handler)
        self.port = httpd.server_port
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def set(self, fault: str) -> None:
        """Serve `fault` from now on; "refused" closes the port until another fault is set."""
        if fault == "refused" and self._httpd is not None:
            self.stop()
        elif fault != "refused" and self._httpd is None:
            self.start()
        self.fault = fault


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # the client gave up on a slow or cut reply: expected


class _Handler(BaseHTTPRequestHandler):
    server_state: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without this, Nagle and delayed ACKs add 40 ms to each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        state = self.server_state
        state.requests += 1
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        group, reply = route(state.base, parts.path, query, state.changed)
        state.hits[group] += 1
        fault = state.fault
        if fault == "none" and reply is not None and group in CONDITIONAL:
            reply = _validated(reply, self.headers)
        groups = FAULTS.get(fault)
        if fault == "none" or reply is None or (groups is not None and group not in groups):
            return self.send(reply or Reply("<html><body>not found</body></html>", "text/html", 404, kind="html"))
        try:
            apply_fault(self, fault, group, reply, state.base, parts.path, query)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, reply: Reply, *, length: int | None = None, body: bytes | None = None, pace: float = 0.0) -> None:
        body = reply.body if body is None else body
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if pace:
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(pace)
        else:
            self.wfile.write(body)
        if length is not None and length > len(body):
            self.close_connection = True


# --- the good answers ----------------------------------------------------------------------


CONDITIONAL = ("feed", "rss", "listing")  # groups whose answers carry validators
LAST_MODIFIED = "Thu, 27 Feb 2025 10:00:00 GMT"


def _validated(reply: Reply, headers) -> Reply:
    """The reply with an ETag (of its body) and Last-Modified, or 304 Not Modified when the request's
    If-None-Match names the ETag (RFC 9110 §13.1.2: it takes precedence over If-Modified-Since)."""
    etag = '"' + hashlib.sha256(reply.body).hexdigest()[:16] + '"'
    fresh = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
    if etag in [tag.strip() for tag in (headers.get("If-None-Match") or "").split(",")]:
        return Reply(b"", reply.content_type, 304, fresh, kind=reply.kind)
    return Reply(reply.body, reply.content_type, reply.status, {**reply.headers, **fresh}, kind=reply.kind)


def route(base: str, path: str, query: dict, changed: set[str] = frozenset()) -> tuple[str, Reply | None]:
    """(group, good reply) for a request path; `changed`: groups that gained a post."""
    if path.startswith("/graph/"):
        return "graph", graph(base, path, query, "graph" in changed)
    if path.startswith("/yt/feeds/videos.xml"):
        return "feed", youtube_feed(query.get("channel_id", ""), "feed" in changed)
    if path.startswith("/ytapi/"):
        return "ytapi", youtube_api(path.removeprefix("/ytapi/"), query)
    if path.startswith("/tiktok/oembed"):
        return "oembed", oembed(query.get("url", ""))
    if path.startswith("/wp/rest/wp-json/wp/v2/posts"):
        return "rest", wordpress(base, int(query.get("page", "1")), query.get("modified_after"), "rest" in changed)
    if path.startswith("/wp/rss/") and path.endswith("/feed/"):
        return "rss", rss(base, int(query.get("paged", "1")), "rss" in changed)
    if path.startswith("/wp/html/news/"):
        return "listing", listing(base, int(path.rstrip("/").rsplit("/", 1)[-1] or 1))
    if path.startswith("/wp/html/2025/"):
        return "article", article(path)
    return "", None


def _json(data, headers: dict | None = None, status: int = 200) -> Reply:
    return Reply(json.dumps(data, ensure_ascii=False), "application/json; charset=UTF-8", status, headers)


def _graph_time(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S+0000")


def graph(base: str, path: str, query: dict, changed: bool = False) -> Reply:
    token, after = query.get("access_token", ""), query.get("after")
    page = 2 if after else 1
    posts = ([(4, 14)] if changed else []) + [(1, 11), (2, 12)] if page == 1 else [(3, 13)]
    now = datetime.now(timezone.utc)
    data = [{"id": f"{PAGE_ID}_12219876543210{n}", "created_time": _graph_time(when(day)),
             "updated_time": _graph_time(now if n == 4 else when(day)),
             "message": f"{PROMO} โพสต์ที่ {n}", "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/12219876543210{n}",
             "status_type": "added_photos"} for n, day in posts]
    if query.get("fields") == "id,updated_time":
        data = [{"id": item["id"], "updated_time": item["updated_time"]} for item in data]
    body = {"data": data}
    if page == 1:  # Graph echoes the token inside paging.next (§1.7)
        body["paging"] = {"cursors": {"before": "QVFIUmFB", "after": "QVFIUnhZ"},
                          "next": f"{base}{path}?fields=id%2Cmessage&limit=100&after=QVFIUnhZ&access_token={token}"}
    return _json(body)


def _entry(video_id: str, day: int, channel: str) -> str:
    stamp = when(day).isoformat()
    return f"""<entry><id>yt:video:{video_id}</id><yt:videoId>{video_id}</yt:videoId><yt:channelId>{channel}</yt:channelId>
<title>{escape(PROMO)}</title><link rel="alternate" href="https://www.youtube.com/watch?v={video_id}"/>
<author><name>พัฒนาชุมชนอำเภอวารินชำราบ</name><uri>https://www.youtube.com/channel/{channel}</uri></author>
<published>{stamp}</published><updated>{stamp}</updated><media:group><media:title>{escape(PROMO)}</media:title>
<media:description>วิดีโอ {video_id}</media:description></media:group></entry>"""


def youtube_feed(channel: str, changed: bool = False) -> Reply:
    # The API channel's feed holds 15 recent videos that do not reach back to the month's start: the
    # collector must read the Data API. The feed channel's 3 videos fit the feed (4 once changed).
    days = range(14, 29) if channel == API_CHANNEL else (13, 10, 11, 12) if changed else (10, 11, 12)
    entries = "".join(_entry(f"vid{channel[2:5]}{d:05d}"[:11], d, channel) for d in days)
    return Reply(f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
<link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id={channel}"/><id>yt:channel:{channel[2:]}</id>
<yt:channelId>{channel[2:]}</yt:channelId><title>พัฒนาชุมชนอำเภอวารินชำราบ</title>{entries}</feed>""",
                 "application/atom+xml; charset=UTF-8", kind="xml")


def _playlist_item(video_id: str, day: int, month: int = 2) -> dict:
    stamp = datetime(2025, month, day, 3, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"kind": "youtube#playlistItem", "id": f"PI{video_id}",
            "snippet": {"publishedAt": stamp, "channelId": API_CHANNEL, "title": PROMO, "description": f"วิดีโอ {video_id}",
                        "channelTitle": "พัฒนาชุมชนอำเภอวารินชำราบ", "videoOwnerChannelId": API_CHANNEL,
                        "resourceId": {"kind": "youtube#video", "videoId": video_id}},
            "contentDetails": {"videoId": video_id, "videoPublishedAt": stamp}}


def youtube_api(endpoint: str, query: dict) -> Reply:
    if endpoint == "channels":
        return _json({"kind": "youtube#channelListResponse", "items": [
            {"kind": "youtube#channel", "id": API_CHANNEL, "contentDetails": {"relatedPlaylists": {"uploads": "UU" + API_CHANNEL[2:]}}}]})
    if query.get("pageToken") == "P2":
        return _json({"kind": "youtube#playlistItemListResponse", "items": [_playlist_item("apiVideo003", 5),
                                                                            _playlist_item("apiVideoOld", 25, 1)]})
    return _json({"kind": "youtube#playlistItemListResponse", "nextPageToken": "P2",
                  "items": [_playlist_item("apiVideo001", 20), _playlist_item("apiVideo002", 12)]})


def oembed(url: str) -> Reply:
    video_id = url.rstrip("/").rsplit("/", 1)[-1]
    return _json({"version": "1.0", "type": "video", "title": f"{PROMO} ติ๊กต็อก {video_id[-3:]}",
                  "author_url": "https://www.tiktok.com/@cdd_warin", "author_name": "พัฒนาชุมชนอำเภอวารินชำราบ",
                  "html": f'<blockquote class="tiktok-embed" data-video-id="{video_id}"><section>'
                          '<a title="คลิกชุมชน" href="https://www.tiktok.com/tag/คลิกชุมชน">#คลิกชุมชน</a></section></blockquote>',
                  "provider_name": "TikTok", "author_unique_id": "cdd_warin", "embed_product_id": video_id,
                  "embed_type": "video"})


def wordpress(base: str, page: int, modified_after: str | None = None, changed: bool = False) -> Reply:
    """The month's posts; one more (54, modified now) once changed. With modified_after (WordPress
    5.7+, site-local time; this site's is UTC) only the posts modified after it, as asked."""
    if modified_after is not None:
        fresh = changed and datetime.fromisoformat(modified_after) < datetime.now(timezone.utc).replace(tzinfo=None)
        return _json([{"id": 54}] if fresh else [], {"X-WP-Total": str(int(fresh)), "X-WP-TotalPages": str(int(fresh))})
    ids = {1: [(51, 10), (52, 11)], 2: [(53, 12)] + ([(54, 13)] if changed else [])}.get(page)
    if ids is None:
        return _json({"code": "rest_post_invalid_page_number", "message": "The page number requested is larger than "
                      "the number of pages available.", "data": {"status": 400}}, status=400)
    items = [{"id": i, "date": when(d, 3).replace(tzinfo=None).isoformat(), "date_gmt": when(d, 3).replace(tzinfo=None).isoformat(),
              "link": f"{base}/wp/rest/2025/02/{d}/post-{i}/", "title": {"rendered": f"ข่าว {i} &#8211; คลิกชุมชน"},
              "content": {"rendered": f"<p>{PROMO} ข่าวที่ {i}</p>\n", "protected": False}} for i, d in ids]
    return _json(items, {"X-WP-Total": "4" if changed else "3", "X-WP-TotalPages": "2"})


def rss(base: str, page: int, changed: bool = False) -> Reply:
    items = {1: ([(64, 21)] if changed else []) + [(61, 20), (62, 15)], 2: [(63, 9), (60, 30)]}.get(page)
    if items is None:
        return Reply("<html><body>not found</body></html>", "text/html; charset=UTF-8", 404, kind="html")

    def item(i: int, day: int) -> str:
        month = 1 if day == 30 else 2
        stamp = format_datetime(datetime(2025, month, day, 3, tzinfo=timezone.utc), usegmt=False).replace("-0000", "+0000")
        return (f"<item><title>ข่าว {i}</title><link>{base}/wp/rss/2025/{month:02d}/{day}/post-{i}/</link>"
                f"<pubDate>{stamp}</pubDate><guid isPermaLink=\"false\">{base}/wp/rss/?p={i}</guid>"
                f"<description><![CDATA[{PROMO} ข่าวที่ {i}]]></description>"
                f"<content:encoded><![CDATA[<p>{PROMO} ข่าวที่ {i}</p>]]></content:encoded></item>")

    return Reply(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ</title><link>{base}/wp/rss</link><language>th</language>
{''.join(item(i, d) for i, d in items)}</channel></rss>""", "application/rss+xml; charset=UTF-8", kind="xml")


def listing(base: str, page: int) -> Reply:
    items = {1: [(71, 18), (72, 14)], 2: [(73, 8), (70, 28)]}.get(page)
    if items is None:
        return Reply("<html><body>not found</body></html>", "text/html; charset=UTF-8", 404, kind="html")

    def item(i: int, day: int) -> str:
        month = 1 if day == 28 else 2
        return (f'<article class="post"><h2><a href="{base}/wp/html/2025/{month:02d}/{day}/news-{i}/">ข่าว {i}</a></h2>'
                f'<time>{day} {"ม.ค." if month == 1 else "ก.พ."} 2568</time></article>')

    return Reply(f"""<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>ข่าวประชาสัมพันธ์</title></head>
<body><main>{''.join(item(i, d) for i, d in items)}</main></body></html>""", "text/html; charset=UTF-8", kind="html")


def article(path: str) -> Reply:
    number = path.rstrip("/").rsplit("-", 1)[-1]
    return Reply(f"""<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>ข่าว {number}</title></head>
<body><article><div class="entry-content"><p>{PROMO} ข่าวที่ {number}</p></div></article></body></html>""",
                 "text/html; charset=UTF-8", kind="html")


# --- the faults -----------------------------------------------------------------------------


LOGIN_HTML = ("<!DOCTYPE html><html><head><title>Log in</title></head><body><form method=post action=/login>"
              "<input name=email><input type=password name=pass><br>Log in to continue {path}</form></body></html>")
CONSENT_XHTML = ("""<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head>"""
                 "<title>Before you continue</title></head><body><form action=\"https://consent.example/save\">"
                 "<p>We use cookies {path}</p></form></body></html>")
ERROR_HTML = "<!DOCTYPE html><html><body><h1>{status}</h1><p>The requested URL {path} could not be served.</p></body></html>"


def _html(template: str, status: int, path: str, query: dict, content_type: str = "text/html; charset=UTF-8") -> Reply:
    # Echo the request (its token or key included), as error pages do: a collector that quotes a
    # body in its message must redact it.
    target = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return Reply(template.format(status=status, path=escape(target)), content_type, status, kind="html")


def apply_fault(handler: _Handler, fault: str, group: str, reply: Reply, base: str, path: str, query: dict) -> None:
    """Answer the request the way `fault` says."""
    if fault.startswith("graph_"):
        code = int(fault.removeprefix("graph_"))
        status, sub, message = GRAPH_ERRORS[code]
        error = {"message": message.format(token=query.get("access_token", "")), "type": "OAuthException", "code": code,
                 "fbtrace_id": "AbCdEfGhIjK", **({"error_subcode": sub} if sub else {}), **({"is_transient": True} if code == 4 else {})}
        usage = {"X-Business-Use-Case-Usage": json.dumps({PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 30,
                                                                     "total_time": 40, "estimated_time_to_regain_access": 5}]})}
        return handler.send(_json({"error": error}, usage if code == 4 else None, status))
    simple = {
        "retry_after_short": lambda: _with(_html(ERROR_HTML, 429, path, query), {"Retry-After": "1"}),
        "retry_after_long": lambda: _with(_html(ERROR_HTML, 429, path, query), {"Retry-After": "7200"}),
        "429": lambda: _html(ERROR_HTML, 429, path, query),
        "503": lambda: _html(ERROR_HTML, 503, path, query),
        "login_html": lambda: _html(LOGIN_HTML, 200, path, query),
        "login_xhtml": lambda: _html(CONSENT_XHTML, 200, path, query, "application/xhtml+xml; charset=UTF-8"),
        "forbidden_html": lambda: _html(ERROR_HTML, 403, path, query),
        "text_plain": lambda: _typed(reply, "text/plain"),
        "latin1_header": lambda: _typed(reply, reply.content_type.split(";")[0] + "; charset=ISO-8859-1"),
        "invalid_utf8": lambda: _body(reply, _invalid_utf8(reply.body)),
        "malformed": lambda: _body(reply, _malformed(reply)),
        "truncated": lambda: _body(reply, reply.body[: len(reply.body) * 3 // 5]),
        "huge": lambda: _body(reply, _huge(reply)),
        "empty_next": lambda: empty_page(base, group, path, query) or reply,
        "repeat_cursor": lambda: repeated_page(base, group, path, query) or reply,
    }
    if fault == "read_timeout":
        time.sleep(HANG)
        return handler.send(reply)
    if fault == "trickle":  # headers at once, then a byte every 50 ms: never a read timeout, never done
        return handler.send(reply, pace=0.05, body=reply.body[:80])
    if fault == "cut_connection":  # Content-Length promises the whole body; the connection ends at 60%
        return handler.send(reply, length=len(reply.body), body=reply.body[: len(reply.body) * 3 // 5])
    return handler.send(simple[fault]())


def _with(reply: Reply, headers: dict) -> Reply:
    reply.headers.update(headers)
    return reply


def _typed(reply: Reply, content_type: str) -> Reply:
    reply.content_type = content_type
    return reply


def _body(reply: Reply, body: bytes) -> Reply:
    reply.body = body
    return reply


def _huge(reply: Reply) -> bytes:
    """The same document, still valid, padded with whitespace before its last closing tag to HUGE bytes."""
    if reply.kind == "json":
        return reply.body + b" " * HUGE
    end = reply.body.rstrip().rfind(b"</")
    return reply.body[:end] + b" " * HUGE + reply.body[end:]


def _invalid_utf8(body: bytes) -> bytes:
    """One byte of the first Thai character after the middle replaced by 0xFF."""
    at = body.find("ข".encode(), len(body) // 3)
    at = at if at >= 0 else body.find(b"\xe0")
    return body[:at + 1] + b"\xff" + body[at + 2:] if at >= 0 else body + b"\xff"


def _malformed(reply: Reply) -> bytes:
    if reply.kind == "json":  # one bracket missing: what a broken proxy or template makes
        return reply.body.replace(b"{", b"", 1) if reply.body.lstrip().startswith(b"{") else reply.body.replace(b"[", b"", 1)
    if reply.kind == "xml":  # a mismatched end tag
        for tag in (b"</entry>", b"</item>", b"</title>"):
            if tag in reply.body:
                return reply.body.replace(tag, tag[:-2] + b"x>", 1)
    return reply.body.replace(b'class="post"', b'class="p0st"').replace(b"entry-content", b"entry-c0ntent")


def empty_page(base: str, group: str, path: str, query: dict) -> Reply | None:
    """A page with nothing on it that still says there is a next one, forever."""
    cursor = query.get("page") if group == "rest" else query.get("after", query.get("pageToken"))
    n = int((cursor or "1").lstrip("CP") or 1) + 1
    if group == "graph":
        return _json({"data": [], "paging": {"next": f"{base}{path}?limit=100&after=C{n}&access_token={query.get('access_token', '')}"}})
    if group == "ytapi" and not path.endswith("/channels"):
        return _json({"kind": "youtube#playlistItemListResponse", "nextPageToken": f"P{n + 10}", "items": []})
    if group == "rest":
        return _json([], {"X-WP-Total": "300", "X-WP-TotalPages": "99"})
    if group == "listing":
        return Reply("<!DOCTYPE html><html><body><main></main></body></html>", "text/html; charset=UTF-8", kind="html")
    return None


def repeated_page(base: str, group: str, path: str, query: dict) -> Reply | None:
    """Every page is the first one again, and says there is a next one (the same cursor)."""
    if group == "graph":
        first = graph(base, path, {"access_token": query.get("access_token", "")})
        data = json.loads(first.body)
        data["paging"]["next"] = f"{base}{path}?fields=id%2Cmessage&limit=100&after=QVFIUnhZ&access_token={query.get('access_token', '')}"
        first.body = json.dumps(data, ensure_ascii=False).encode()
        return first
    if group == "ytapi" and not path.endswith("/channels"):
        return youtube_api("playlistItems", {})  # always page 1, always nextPageToken P2
    if group == "rest":
        return _with(wordpress(base, 1), {"X-WP-TotalPages": "99"})
    if group == "rss":
        return rss(base, 1) if query.get("paged") else None
    if group == "listing":
        return listing(base, 1)
    return None
