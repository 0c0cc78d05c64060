"""Start the test provider: `python -m tests.oidc_provider --config FILE --database FILE`.

The config (JSON) gives the one client ({"client_id", "client_secret", "redirect_uris": [...]}) and the people
({"email", "password", "name", "multi_factor", "email_verified"}). It listens on a free port of 127.0.0.1 and prints
that port on its first line of output, then serves until it is stopped."""

import argparse
import json
import os
import sys
from pathlib import Path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    args = parser.parse_args()

    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    port = server.server_address[1]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_CONFIG"] = str(Path(args.config).resolve())
    os.environ["OIDC_PROVIDER_DATABASE"] = str(Path(args.database).resolve())
    os.environ["OIDC_PROVIDER_ISSUER"] = f"http://127.0.0.1:{port}/o"

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    _create_client_and_people(json.loads(Path(args.config).read_text()))
    server.set_app(get_wsgi_application())
    print(port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _create_client_and_people(config):
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    Application.objects.create(
        name="School Quality Assurance (tests)",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for person in config["users"]:
        User.objects.create_user(username=person["email"], email=person["email"], password=person["password"])


if __name__ == "__main__":
    sys.exit(main())
