"""A real OpenID provider for the tests: django-oauth-toolkit's, in a second process on 127.0.0.1
(`python -m tests.oidc_provider --config FILE`; tests/oidc_support.py starts and stops it)."""
