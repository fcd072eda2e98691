"""Models of the hotline app: contact groups and contacts, with their query sets."""

from hotline.models.contacts import Contact, ContactGroup, ContactGroupQuerySet, ContactQuerySet

__all__ = ["Contact", "ContactGroup", "ContactGroupQuerySet", "ContactQuerySet"]
