"""A real OpenID provider for a test (tests/oidc_provider: django-oauth-toolkit in a second process on 127.0.0.1),
and the person's side of signing in there, by HTTP as a browser would.

The provider runs at the test's clock: the service checks a token's iat and exp against its own (frozen) clock,
so when that differs from the real one the provider is started under libfaketime, shifted by the same amount."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parents[2]
SLUG = "local"
BUTTON = "Sign in with the test provider"
CLIENT_ID = "school-qa-tests"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
START_TIMEOUT_SECONDS = 60


@dataclass
class Account:
    """A person's account at the provider (not at the service)."""

    email: str
    password: str = "provider-password-1"
    name: str = ""
    multi_factor: bool = False
    email_verified: bool | None = True  # None: the claim is not sent (as Microsoft Entra ID does)


@dataclass
class RunningProvider:
    issuer: str
    accounts: dict

    def settings_entry(self, **overrides):
        """Its entry in settings.OIDC_PROVIDERS."""
        return {
            "slug": SLUG,
            "name": BUTTON,
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "require_email_verified": True,
            **overrides,
        }


def clock_offset_seconds():
    """How far the test's clock (freezegun's, if any) is from the real one (freezegun leaves clock_gettime be)."""
    return time.time() - time.clock_gettime(time.CLOCK_REALTIME)


LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


@contextmanager
def running_provider(directory, *, redirect_uris, accounts):
    directory = Path(directory)
    config = directory / "oidc-provider.json"
    config.write_text(
        json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": list(redirect_uris),
                "users": [asdict(account) for account in accounts],
            }
        )
    )
    command = [
        sys.executable,
        "-m",
        "tests.oidc_provider",
        "--config",
        str(config),
        "--database",
        str(directory / "oidc-provider.sqlite3"),
    ]
    offset = round(clock_offset_seconds())
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if abs(offset) > 2:
        # libfaketime preloaded directly: the `faketime` wrapper's named semaphore outlives a killed run and then
        # refuses to start ("sem_open: File exists").
        environment |= {"LD_PRELOAD": LIBFAKETIME, "FAKETIME": f"{offset:+d}"}
    log = (directory / "oidc-provider.log").open("w")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        start_new_session=True,  # the provider and anything it starts are stopped together
        env=environment,
    )
    try:
        port = _first_line(process, directory / "oidc-provider.log")
        issuer = f"http://127.0.0.1:{port}/o"
        discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10)
        discovery.raise_for_status()
        assert discovery.json()["issuer"] == issuer
        yield RunningProvider(issuer=issuer, accounts={account.email: account for account in accounts})
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()
        log.close()


def _first_line(process, log_path):
    """The port the provider prints once it is ready."""
    lines = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(START_TIMEOUT_SECONDS)
    line = lines[0].strip() if lines else ""
    if not line.isdigit():
        raise RuntimeError(f"The test OpenID provider did not start:\n{log_path.read_text()}")
    return int(line)


def sign_in_at_provider(authorize_url, account, password=None):
    """What a browser does at the provider: open the authorization address, sign in on its form, and be sent
    back. Returns the address it sends the person back to (the service's callback, with code and state)."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    login_url = urljoin(authorize_url, response.headers["Location"])
    form = session.get(login_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    next_value = re.search(r'name="next" value="([^"]*)"', form.text)[1].replace("&amp;", "&")
    response = session.post(
        login_url,
        data={
            "csrfmiddlewaretoken": token,
            "username": account.email,
            "password": password or account.password,
            "next": next_value,
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, "the provider refused the password"
    response = session.get(urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]
