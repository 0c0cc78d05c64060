"""The load driver of `make bench-load`: one thread per connection, each with its own keep-alive HTTP connection
and its own cookies, sending a fixed mix of reads, form posts and downloads in a seeded order for a fixed time,
and timing every request. Standard library only, and light: on two cores it competes with the server.

A connection's plan (bench.load makes it) is a deck of operations, shuffled afresh (seeded) each time round:
- Read/Download: GET a path; 200 is success.
- Write: POST the form at `path` as a browser would (every field of the form, the CSRF token and any edit
  version as the page gave them), with `changes(n)` applied; a redirect (302/303) is success, a 200 is the form
  shown again (refused: a validation error or an edit conflict), which is not a success either.
Any 4xx or 5xx, socket error or timeout is an error.
"""

import html
import http.client
import math
import random
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

# As long as gunicorn lets a request run (its --timeout): a slower answer is a timeout, an error.
TIMEOUT_SECONDS = 30
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_TAG = re.compile(
    r"<(input|button)\b([^>]*)>|<textarea\b([^>]*)>(.*?)</textarea>|<select\b([^>]*)>(.*?)</select>", re.S | re.I
)
_ATTR = re.compile(r'([a-zA-Z_:-]+)(?:="([^"]*)")?')
_OPTION = re.compile(r"<option\b([^>]*)>", re.I)
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
_VERSION = re.compile(r'name="edit_version" value="(\d+)"')


@dataclass
class Op:
    kind: str  # "read", "baseline", "write" or "download"
    page: str
    who: str  # whose cookies: a key of the connection's `sessions`
    path: str
    changes: object = None  # writes: n -> {field: value}


@dataclass
class Plan:
    sessions: dict  # who -> {cookie name: value}
    deck: list  # [Op], each as often as it should come per round
    seed: int


@dataclass
class Sample:
    op: Op
    ms: float
    outcome: str  # "ok", "refused" or "error"
    detail: str = ""


@dataclass
class _Form:
    action: str
    fields: list  # [(name, value)] in page order
    version: int | None = None


@dataclass
class _Connection:
    plan: Plan
    host: str
    port: int
    headers: dict
    jars: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)
    samples: list = field(default_factory=list)
    retries: int = 0

    def __post_init__(self):
        self.http = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        self.jars = {who: dict(cookies) for who, cookies in self.plan.sessions.items()}

    def request(self, method, path, who, body=None):
        """(status, response, body bytes); raises OSError/HTTPException on a socket error or a timeout."""
        headers = dict(self.headers)
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jars[who].items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"{self.headers['Origin']}{path}"
        reused = self.http.sock is not None
        try:
            response, data = self._send(method, path, body, headers)
        except _STALE:
            if not reused:
                raise
            # The server closed the kept-alive connection before reading the request (gthread workers close idle
            # ones): like a browser, send it again once on a new connection.
            self.retries += 1
            response, data = self._send(method, path, body, headers)
        if response.will_close:
            self.http.close()  # a sync gunicorn worker closes after each response; the next request reconnects
        self._keep_cookies(who, response.msg.get_all("Set-Cookie") or [])
        return response.status, response, data

    def _send(self, method, path, body, headers):
        try:
            self.http.request(method, path, body=body, headers=headers)
            response = self.http.getresponse()
            return response, response.read()
        except (OSError, http.client.HTTPException):
            self.http.close()
            raise

    def _keep_cookies(self, who, set_cookies):
        jar = self.jars[who]
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if not value or value == '""' or "max-age=0" in rest.lower():
                jar.pop(name.strip(), None)
            else:
                jar[name.strip()] = value

    def open_form(self, op):
        """GET the write's form page and keep its fields (untimed: before the measured run)."""
        status, _response, data = self.request("GET", op.path, op.who)
        if status != 200:
            raise RuntimeError(f"{op.page}: GET {op.path} answered {status}")
        form = parse_form(data.decode(), op.path)
        if form is None:
            raise RuntimeError(f"{op.page}: no form to post on {op.path}")
        self.forms[op.path] = form

    def run_op(self, op, n):
        form = self.forms.get(op.path) if op.kind == "write" else None
        body = None
        if form is not None:
            values = dict(op.changes(n)) if op.changes else {}
            if form.version is not None:
                values["edit_version"] = str(form.version)
            body = urlencode([(name, values.get(name, value)) for name, value in form.fields])
        start = time.perf_counter()
        try:
            status, _response, data = self.request("POST" if body is not None else "GET", op.path, op.who, body)
        except (OSError, http.client.HTTPException) as error:
            kind = "timeout" if isinstance(error, (socket.timeout, TimeoutError)) else "socket error"
            self.samples.append(Sample(op, (time.perf_counter() - start) * 1000, "error", f"{kind}: {error!r}"))
            return
        ms = (time.perf_counter() - start) * 1000
        if status >= 400:
            self.samples.append(Sample(op, ms, "error", f"{status}"))
        elif body is not None:
            if status in (302, 303):
                form.version = None if form.version is None else form.version + 1
                self.samples.append(Sample(op, ms, "ok"))
            else:
                self._track_version(op.path, data)
                self.samples.append(Sample(op, ms, "refused", f"{status}: form shown again"))
        elif status == 200:
            self._track_version(op.path, data)
            self.samples.append(Sample(op, ms, "ok"))
        else:
            self.samples.append(Sample(op, ms, "error", f"{status} (expected 200)"))

    def _track_version(self, path, data):
        """A read of a form page we post to shows the record's current edit version: the next save starts there."""
        form = self.forms.get(path)
        if form is not None and form.version is not None:
            match = _VERSION.search(data.decode(errors="replace"))
            if match:
                form.version = int(match.group(1))


def parse_form(page, path):
    """The POST form of `page` that posts to `path` (no action, or that action), as a browser would send it
    unchanged: text inputs and hidden ones, checked boxes and radios, textareas, selected options, and the first
    submit button's name. The header's sign-out form is not it."""
    for match in _FORM.finditer(page):
        attrs = _attrs(match.group(1))
        if attrs.get("method", "").lower() == "post" and attrs.get("action", path) in ("", path):
            fields = _fields(match.group(2))
            if len(fields) > 1 and any(name == "csrfmiddlewaretoken" for name, _value in fields):
                version = next((int(v) for n, v in fields if n == "edit_version" and v.isdigit()), None)
                return _Form(action=path, fields=fields, version=version)
    return None


def _fields(form_html):
    fields, submitted = [], False
    for tag in _TAG.finditer(form_html):
        element, attrs, textarea_attrs, text, select_attrs, options = tag.groups()
        if element:
            a = _attrs(attrs)
            name, kind = a.get("name"), a.get("type", "text").lower()
            if not name or "disabled" in a or kind in ("file", "image", "reset"):
                continue
            if element.lower() == "button" or kind == "submit":
                if not submitted:
                    fields.append((name, a.get("value", "")))
                    submitted = True
            elif kind not in ("checkbox", "radio"):
                fields.append((name, a.get("value", "")))
            elif "checked" in a:
                fields.append((name, a.get("value", "on")))
        elif textarea_attrs is not None:
            name = _attrs(textarea_attrs).get("name")
            if name:
                text = html.unescape(text)
                fields.append((name, text[1:] if text.startswith("\n") else text))  # a browser drops that newline
        else:
            name = _attrs(select_attrs).get("name")
            choices = [_attrs(option) for option in _OPTION.findall(options)]
            chosen = next((o for o in choices if "selected" in o), choices[0] if choices else None)
            if name and chosen is not None:
                fields.append((name, chosen.get("value", "")))
    return fields


def _attrs(text):
    return {name.lower(): html.unescape(value or "") for name, value in _ATTR.findall(text)}


def run(plans, *, host, port, seconds, headers):
    """Drive one connection per plan for `seconds`; returns (samples, seconds actually run, requests sent again on
    a new connection)."""
    connections = [_Connection(plan, host, port, headers) for plan in plans]
    for connection in connections:
        for op in {op.path: op for op in connection.plan.deck if op.kind == "write"}.values():
            connection.open_form(op)
    barrier = threading.Barrier(len(connections) + 1)
    deadline = [0.0]

    def drive(connection):
        rng = random.Random(connection.plan.seed)
        barrier.wait()
        n = 0
        while True:
            deck = list(connection.plan.deck)
            rng.shuffle(deck)
            for op in deck:
                if time.perf_counter() >= deadline[0]:
                    connection.http.close()
                    return
                n += 1
                connection.run_op(op, n)

    threads = [threading.Thread(target=drive, args=(c,), daemon=True) for c in connections]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    deadline[0] = start + seconds
    barrier.wait()
    for thread in threads:
        thread.join(seconds + 4 * TIMEOUT_SECONDS)
    elapsed = time.perf_counter() - start
    samples = [sample for connection in connections for sample in connection.samples]
    return samples, elapsed, sum(connection.retries for connection in connections)


def percentile(sorted_values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    if not sorted_values:
        return None
    return sorted_values[max(1, math.ceil(len(sorted_values) * fraction)) - 1]


def summarise(samples, key):
    """{group: {count, ok, refused, errors, p50, p95, p99 (ms, answered requests), error details}}."""
    groups = {}
    for sample in samples:
        groups.setdefault(key(sample), []).append(sample)
    summary = {}
    for name, group in groups.items():
        answered = sorted(s.ms for s in group if not s.detail.startswith(("socket error", "timeout")))
        details = {}
        for s in group:
            if s.outcome != "ok":
                details[s.detail] = details.get(s.detail, 0) + 1
        summary[name] = {
            "count": len(group),
            "ok": sum(1 for s in group if s.outcome == "ok"),
            "refused": sum(1 for s in group if s.outcome == "refused"),
            "errors": sum(1 for s in group if s.outcome == "error"),
            "p50_ms": _round(percentile(answered, 0.50)),
            "p95_ms": _round(percentile(answered, 0.95)),
            "p99_ms": _round(percentile(answered, 0.99)),
            "problems": details,
        }
    return summary


def _round(value):
    return None if value is None else round(value, 1)
