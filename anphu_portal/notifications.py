"""Mail to the staff holding a role in a unit (new questions, articles waiting for review).

Mail goes through Django's mail framework; in production its backend queues each message
in the database (django-mailer) and the `send_mail` command sends the queue, so a slow or
absent mail server never blocks or loses the request that caused the mail.
"""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q


def role_holder_addresses(*, role: str, unit) -> list[str]:
    """Return the e-mail addresses of active staff holding `role` in `unit`."""
    held = Q(memberships__unit=unit, memberships__role__name=role)
    if unit is None or unit.is_default:
        held |= Q(groups__name=role)  # a single-unit install counts plain groups
    users = get_user_model().objects.filter(held, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def mail_role(*, role: str, unit, subject: str, body: str) -> int:
    """Send one message to everyone holding `role` in `unit`; return how many were addressed."""
    addresses = role_holder_addresses(role=role, unit=unit)
    for address in addresses:
        send_mail(subject, body, None, [address])
    return len(addresses)
