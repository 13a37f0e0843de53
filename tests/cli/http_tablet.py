"""A participant's tablet as plain HTTP (what the browser code sends), for tests against a
real server: join, autosave a complete grid, submit exactly once."""

import html
import json
import re
import urllib.request
import uuid
from http.cookiejar import CookieJar
from urllib.parse import urlencode


class Tablet:
    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.base = ""
        self.config: dict = {}
        self.csrf = ""

    def _open(
        self, url: str, data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")

    def join(self, join_url: str, name: str) -> None:
        """Open the join page (as the QR code would), fill it in, land on the sort page."""
        self.base = join_url.split("/join/")[0]
        _, page = self._open(join_url)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urlencode(
            {"csrf_token": token, "display_name": name, "team_size": "3", "language": "nl"}
        )
        _, page = self._open(
            join_url, form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        self.config = json.loads(
            html.unescape(
                re.search(
                    r'<script type="application/json" id="sort-config">(.*?)</script>', page, re.S
                ).group(1)
            )
        )
        self.csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)

    def _post_json(self, path: str, body: dict) -> dict:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        _, text = self._open(self.base + path, json.dumps(body).encode(), headers)
        return json.loads(text)

    def complete_draft(self, version: int) -> dict:
        ids = iter(self.config["statements"])
        columns = {
            str(c["value"]): [next(ids) for _ in range(c["height"])] for c in self.config["columns"]
        }
        return {
            "version": version,
            "step": "review",
            "columns": columns,
            "piles": {},
            "comments": {},
            "free_choice": "",
        }

    def sort_and_submit(self) -> str:
        """Autosave a complete grid, then submit it; returns the receipt."""
        draft = self.complete_draft(self.config["draft"]["version"] + 1)
        assert self._post_json(self.config["draftUrl"], draft) == {"version": draft["version"]}
        answer = self._post_json(
            self.config["submitUrl"], {"idempotency_key": f"key-{uuid.uuid4().hex}", "draft": draft}
        )
        return answer["receipt"]
