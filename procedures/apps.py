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
            models.Procedure,
            models.ProcedureChannel,
            models.RequiredDocument,
            models.LegalBasis,
        ]
        for model in public_models:
            uid = f"procedures.{model.__name__}"
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}.delete")
        m2m_changed.connect(
            bump_content_version,
            sender=models.Procedure.agencies.through,
            dispatch_uid="procedures.agencies",
        )
