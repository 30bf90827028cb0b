"""Fetching over HTTP with the manners and limits a nightly scraper needs.

- retries with exponential back-off on connection errors and 429/5xx, honouring
  ``Retry-After`` (urllib3's Retry does the work; nothing hand-rolled);
- conditional GET: the ETag / Last-Modified of the last good fetch are sent back, and
  a 304 means "nothing new" without downloading the body;
- a ``Retry-After`` longer than the read timeout is cut to it (urllib3 alone would sleep
  up to six hours): a server asking for an hour fails this run after the retries, the
  others are not held, and the next night tries again;
- a size cap on the *decoded* body (a gzip bomb stops at the cap) and a wall-clock cap
  on the whole download (a server trickling bytes cannot hold the run);
- a clear User-Agent; at most 5 redirects.

`fetch()` never raises for a network or HTTP failure: it returns a `FetchResult` whose
``status`` says what happened and ``reason`` says why, so one dead source is recorded and
the run goes on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from intercepts.config import Settings


@dataclass
class FetchResult:
    url: str
    status: str  # 'ok' | 'not_modified' | 'failed'
    http_status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    reason: str | None = None  # why it failed, in words
    elapsed_s: float = 0.0
    truncated: bool = False


class ResponseTooLarge(Exception):
    pass


def make_session(settings: Settings) -> requests.Session:
    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        backoff_factor=settings.backoff_factor_s,
        backoff_max=30,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        retry_after_max=max(1, int(settings.read_timeout_s)),
        raise_on_status=False,
    )
    session = requests.Session()
    session.max_redirects = 5
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = settings.user_agent
    session.headers["Accept-Encoding"] = "gzip, deflate"
    return session


def fetch(
    session: requests.Session,
    url: str,
    settings: Settings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET ``url`` within the settings' time and size limits (see module docstring)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    deadline = started + settings.connect_timeout_s + settings.read_timeout_s
    result = FetchResult(url=url, status="failed")
    try:
        with session.get(
            url,
            headers=headers,
            timeout=(settings.connect_timeout_s, settings.read_timeout_s),
            stream=True,
            allow_redirects=True,
        ) as resp:
            result.http_status = resp.status_code
            result.final_url = resp.url
            result.content_type = resp.headers.get("Content-Type")
            result.etag = resp.headers.get("ETag")
            result.last_modified = resp.headers.get("Last-Modified")
            if resp.status_code == 304:
                result.status = "not_modified"
                return result
            if resp.status_code >= 400:
                result.reason = f"HTTP {resp.status_code} {resp.reason or ''}".strip()
                return result
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > settings.max_response_bytes:
                raise ResponseTooLarge(
                    f"Content-Length {declared} exceeds cap {settings.max_response_bytes}"
                )
            chunks: list[bytes] = []
            size = 0
            # read1 returns whatever has arrived (decoded), so a server trickling bytes
            # is caught by the wall-clock check instead of blocking a 64 KiB read.
            while chunk := resp.raw.read1(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > settings.max_response_bytes:
                    raise ResponseTooLarge(
                        f"body exceeds cap of {settings.max_response_bytes} bytes"
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"download took longer than {settings.connect_timeout_s + settings.read_timeout_s:.0f}s"
                    )
                chunks.append(chunk)
            result.body = b"".join(chunks)
            result.status = "ok"
            return result
    except ResponseTooLarge as exc:
        result.reason = f"too large: {exc}"
        result.truncated = True
    except TimeoutError as exc:
        result.reason = f"timeout: {exc}"
    except requests.exceptions.TooManyRedirects as exc:
        result.reason = f"redirects: {exc}"
    except requests.exceptions.RetryError as exc:
        result.reason = f"gave up after retries: {_root(exc)}"
    except requests.exceptions.ConnectionError as exc:
        # A read timeout on every retry arrives as a ConnectionError wrapping urllib3's
        # MaxRetryError; say "timeout", or the operator goes looking for a network fault.
        last = getattr(exc.args[0], "reason", None) if exc.args else None
        timed_out = (
            isinstance(last, urllib3.exceptions.TimeoutError)
            and not isinstance(
                last,
                urllib3.exceptions.NewConnectionError,  # a refusal, though urllib3 files it under timeouts
            )
        )
        kind = "timeout" if timed_out else "connection failed"
        result.reason = f"{kind}: {_root(exc)}"
    except requests.exceptions.Timeout as exc:
        result.reason = f"timeout: {_root(exc)}"
    except (requests.exceptions.ChunkedEncodingError, urllib3.exceptions.ProtocolError) as exc:
        result.reason = f"truncated body: {_root(exc)}"
    except urllib3.exceptions.ReadTimeoutError as exc:
        result.reason = f"timeout: {_root(exc)}"
    except (requests.exceptions.ContentDecodingError, urllib3.exceptions.DecodeError) as exc:
        result.reason = f"undecodable body: {_root(exc)}"
    except requests.exceptions.RequestException as exc:
        result.reason = f"request failed: {_root(exc)}"
    finally:
        result.elapsed_s = round(time.monotonic() - started, 3)
    result.status = "failed"
    return result


def _root(exc: BaseException) -> str:
    """The innermost cause's message, shorter than requests' nested reprs."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc)
    return text if len(text) < 300 else text[:297] + "..."
