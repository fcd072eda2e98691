"""Which units each saved revision belongs to, so history and recovery filter in SQL."""

from django.db import models
from reversion.models import Revision

from anphu_portal.models.units import Unit


class RevisionUnit(models.Model):
    """One unit whose rows a revision saved (a revision of shared rows has none).

    Written for every revision by `anphu_portal.revision_units`, from the rows it holds:
    a deleted row has no live unit left, and its stored data is slow to read in bulk.
    """

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="units", verbose_name="phiên bản"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị"
    )

    class Meta:
        verbose_name = "đơn vị của phiên bản"
        verbose_name_plural = "đơn vị của phiên bản"
        constraints = [
            models.UniqueConstraint(fields=["revision", "unit"], name="portal_revision_unit_once")
        ]
        # Unit first: the recover list and history start from the unit's revisions.
        indexes = [models.Index(fields=["unit", "revision"], name="portal_revision_unit")]

    def __str__(self):
        return f"{self.revision_id} – {self.unit_id}"
