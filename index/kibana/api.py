"""The saved objects' import into Kibana, as its saved objects API documents it.

``POST /api/saved_objects/_import?overwrite=true``, multipart/form-data with
the NDJSON as ``file``, and the ``kbn-xsrf`` header; ``overwrite`` makes the
import idempotent. The request is built by pure functions, sent by ``send``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from index.errors import KibanaError
from index.urls import InvalidURL, mask_url, split_credentials, web_url


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes


def multipart(field: str, filename: str, content: bytes, boundary: str) -> tuple[bytes, str]:
    """A multipart/form-data body holding one file, and its Content-Type."""
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    ).encode()
    return (
        head + content + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


def auth_header(env: dict[str, str]) -> dict[str, str]:
    """Kibana credentials: NEWSINDEX_KIBANA_API_KEY, or ..._USERNAME and ..._PASSWORD;
    else the Elasticsearch ones (NEWSINDEX_ES_*), which a stack with one user shares."""
    for prefix in ("NEWSINDEX_KIBANA_", "NEWSINDEX_ES_"):
        if key := env.get(f"{prefix}API_KEY"):
            return {"Authorization": f"ApiKey {key}"}
        if user := env.get(f"{prefix}USERNAME"):
            token = base64.b64encode(f"{user}:{env.get(f'{prefix}PASSWORD', '')}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
    return {}


def import_request(
    kibana_url: str,
    ndjson: str,
    *,
    space: str | None = None,
    env: dict[str, str] | None = None,
    boundary: str | None = None,
) -> Request:
    """The saved objects import call, as Kibana's API documentation specifies it."""
    prefix = f"/s/{space}" if space else ""
    body, content_type = multipart(
        "file", "newsindex.ndjson", ndjson.encode("utf-8"), boundary or uuid.uuid4().hex
    )
    headers = {"kbn-xsrf": "true", "Content-Type": content_type, "Accept": "application/json"}
    # Credentials in the URL become the Authorization header; the URL keeps none, so no
    # message can show them.
    kibana_url, user, password = split_credentials(kibana_url)
    headers.update(auth_header(dict(os.environ) if env is None else env))
    if user:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    try:
        web_url(kibana_url)
    except InvalidURL as exc:
        raise KibanaError(f"Kibana URL {mask_url(kibana_url)!r}: {exc}") from None
    url = f"{kibana_url.rstrip('/')}{prefix}/api/saved_objects/_import?overwrite=true"
    return Request("POST", url, headers, body)


def _errors_text(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors[:3]:
        detail = error.get("error", {})
        parts.append(f"{error.get('type')} {error.get('id')}: {detail.get('type', detail)}")
    more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
    return "; ".join(parts) + more


def send(request: Request, timeout: float = 30.0) -> int:
    """Send the import; the number of objects Kibana imported, or a one-line KibanaError."""
    http = urllib.request.Request(request.url, request.body, request.headers, method=request.method)
    try:
        with urllib.request.urlopen(http, timeout=timeout) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        with contextlib.suppress(ValueError, AttributeError):
            detail = json.loads(detail).get("message", detail)
        hint = (
            " (check NEWSINDEX_KIBANA_USERNAME/PASSWORD or _API_KEY)"
            if exc.code in (401, 403)
            else ""
        )
        raise KibanaError(f"Kibana answered {exc.code}: {detail}{hint}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KibanaError(
            f"cannot reach Kibana at {request.url.split('/api/')[0]}: {reason}"
        ) from None
    except ValueError:
        raise KibanaError("Kibana's answer to the import is not JSON") from None
    if not answer.get("success"):
        raise KibanaError(f"Kibana refused the objects: {_errors_text(answer.get('errors', []))}")
    return int(answer.get("successCount", 0))
