from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self):
        from anphu_portal.caching import bump_content_version
        from procedures import models

        public_models = [
            models.Sector,
            models.Agency,
            models.Level,
            models.Procedure,
            models.ProcedureChannel,
            models.RequiredDocument,
            models.LegalBasis,
        ]
        # Agency links need no receiver of their own: they are saved with their procedure.
        for model in public_models:
            uid = f"procedures.{model.__name__}"
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}.delete")
        for field in ("sectors", "levels"):
            m2m_changed.connect(
                bump_content_version,
                sender=getattr(models.Procedure, field).through,
                dispatch_uid=f"procedures.{field}",
            )
