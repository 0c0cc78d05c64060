"""What the service writes, checked wherever it writes it: an email's subject is one line, and no date in an email
has a leading zero ("3 December 2026", never "03 December 2026"). tests/conftest.py checks every email every test
sends (django.core.mail.outbox)."""

import re

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
LEADING_ZERO_DATE = re.compile(rf"(?<![\d/.-])0\d (?:{MONTHS})\b")


def email_problems(message):
    """What is wrong with the writing of one sent email (an empty list when nothing is)."""
    problems = []
    subject = message.subject
    if "\n" in subject or "\r" in subject:
        problems.append(f"its subject is on more than one line: {subject!r}")
    if subject != subject.strip() or "  " in subject:
        problems.append(f"its subject has stray spaces: {subject!r}")
    parts = [("subject", subject), ("text", message.body)]
    parts += [
        ("HTML", content) for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"
    ]
    for part, text in parts:
        problems += [
            f"its {part} writes a date with a leading zero: {m.group()!r}" for m in LEADING_ZERO_DATE.finditer(text)
        ]
    return problems
