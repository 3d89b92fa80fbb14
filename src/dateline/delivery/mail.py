"""One attempt at an email delivery of an alert match, through the SMTP server of ``[email]``.

Python's ``smtplib`` (RFC 5321) and ``email.message.EmailMessage`` (which refuses line breaks
in header values, so no header can be injected from a headline). The message is plain UTF-8
text: the article's headline, publisher, publication time and link, and the alert's criteria.
SMTP answers 4xx and connection errors are worth another attempt; 5xx answers are final.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from dateline.config import EmailSettings
from dateline.delivery.webhook import Attempt


def compose(settings: EmailSettings, to: str, payload: dict[str, Any]) -> EmailMessage:
    """The message for one match: ``payload`` is the webhook body (``{alert, article,
    matched_at}``, :func:`dateline.alerts.webhook_payload`)."""
    article, alert = payload.get("article", {}), payload.get("alert", {})
    headline = " ".join(str(article.get("headline") or "(no headline)").split())
    criteria = ", ".join(f"{k} {v}" for k, v in alert.items() if k != "id" and v)
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = f"dateline alert {alert.get('id')}: {headline}"[:250]
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain="dateline.invalid")
    lines = [headline, ""]
    for label, key in (("Publisher", "publisher"), ("Published", "published"), ("URL", "url")):
        if article.get(key):
            lines.append(f"{label}: {article[key]}")
    lines += [f"Article id: {article.get('id')}", "",
              f"Matched alert {alert.get('id')} ({criteria}) at {payload.get('matched_at')}."]
    msg.set_content("\n".join(lines) + "\n")
    return msg


def send_email(settings: EmailSettings, to: str, payload: dict[str, Any],
               *, timeout: float | None = None) -> Attempt:
    """Send the message of ``payload`` to ``to`` once; return the :class:`Attempt`. Never
    raises for the server or the network. ``timeout`` (seconds) caps ``settings.timeout``."""
    if not settings.smtp_host:
        return Attempt(ok=False, message="no SMTP server configured (setting email.smtp_host)")
    wait = min(settings.timeout, timeout) if timeout else settings.timeout
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=wait) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password)
            refused = smtp.send_message(compose(settings, to, payload))
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        return Attempt(ok=False, retry=all(400 <= c < 500 for c in codes),
                       message=f"recipient refused: {exc.recipients}")
    except smtplib.SMTPResponseException as exc:
        return Attempt(ok=False, retry=400 <= exc.smtp_code < 500,
                       message=f"SMTP {exc.smtp_code}: {exc.smtp_error!r}")
    except (smtplib.SMTPException, OSError) as exc:
        return Attempt(ok=False, retry=True, message=f"{type(exc).__name__}: {exc}")
    if refused:
        return Attempt(ok=False, message=f"recipient refused: {refused}")
    return Attempt(ok=True, message="sent")
