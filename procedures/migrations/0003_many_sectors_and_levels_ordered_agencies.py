"""Sectors and levels become many-valued, agencies keep their source order; data carried over.

Before: one sector (a foreign key), three yes/no level fields (province, district,
commune), agencies as a plain many-to-many without order. A procedure with no level ticked
had an unknown level, so it gets none. Existing agency links take the order the detail page
showed them in (by name); the next import puts them in the source's order.
"""

import django.db.models.deletion
from django.db import migrations, models

NATIONAL_LEVELS = [
    ("trung-uong", "Cấp Bộ/Trung ương"),
    ("tinh", "Cấp tỉnh"),
    ("huyen", "Cấp huyện"),
    ("xa", "Cấp xã"),
    ("khac", "Cơ quan khác"),
]
OLD_LEVEL_FIELDS = {"tinh": "at_province", "huyen": "at_district", "xa": "at_commune"}


def create_levels(Level):
    return {
        slug: Level.objects.get_or_create(slug=slug, defaults={"name": name, "position": i})[0]
        for i, (slug, name) in enumerate(NATIONAL_LEVELS)
    }


def carry_over(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    ProcedureAgency = apps.get_model("procedures", "ProcedureAgency")
    levels = create_levels(apps.get_model("procedures", "Level"))
    SectorLink, LevelLink = Procedure.sectors.through, Procedure.levels.through
    sector_links, level_links = [], []
    for procedure in Procedure.objects.order_by("pk").iterator():
        if procedure.old_sector_id:
            sector_links.append(
                SectorLink(procedure_id=procedure.pk, sector_id=procedure.old_sector_id)
            )
        for slug, field in OLD_LEVEL_FIELDS.items():
            if getattr(procedure, field):
                level_links.append(LevelLink(procedure_id=procedure.pk, level_id=levels[slug].pk))
    SectorLink.objects.bulk_create(sector_links, batch_size=500)
    LevelLink.objects.bulk_create(level_links, batch_size=500)
    old_links = Procedure.old_agencies.through.objects.order_by("procedure_id", "agency__name")
    positions: dict[int, int] = {}
    agency_links = []
    for link in old_links.iterator():
        position = positions.get(link.procedure_id, 0)
        positions[link.procedure_id] = position + 1
        agency_links.append(
            ProcedureAgency(
                procedure_id=link.procedure_id, agency_id=link.agency_id, position=position
            )
        )
    ProcedureAgency.objects.bulk_create(agency_links, batch_size=500)


def carry_back(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    for procedure in Procedure.objects.prefetch_related("sectors", "levels").iterator(100):
        slugs = {level.slug for level in procedure.levels.all()}
        for slug, field in OLD_LEVEL_FIELDS.items():
            setattr(procedure, field, slug in slugs)
        sectors = sorted(procedure.sectors.all(), key=lambda sector: sector.name)
        procedure.old_sector_id = sectors[0].pk if sectors else None
        procedure.save(update_fields=[*OLD_LEVEL_FIELDS.values(), "old_sector"])
    OldLink = Procedure.old_agencies.through
    links = apps.get_model("procedures", "ProcedureAgency").objects.all()
    OldLink.objects.bulk_create(
        OldLink(procedure_id=link.procedure_id, agency_id=link.agency_id) for link in links
    )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_search_text_trigram")]

    operations = [
        migrations.CreateModel(
            name="Level",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=20, unique=True, verbose_name="đường dẫn")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="tên")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
            ],
            options={
                "verbose_name": "cấp thực hiện",
                "verbose_name_plural": "cấp thực hiện",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.RenameField("procedure", "sector", "old_sector"),
        migrations.AlterField(
            model_name="procedure",
            name="old_sector",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="procedures.sector"),
        ),
        migrations.RenameField("procedure", "agencies", "old_agencies"),
        migrations.AlterField(
            model_name="procedure",
            name="old_agencies",
            field=models.ManyToManyField(blank=True, related_name="+", to="procedures.agency"),
        ),
        migrations.CreateModel(
            name="ProcedureAgency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="thứ tự")),
                ("agency", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="procedure_links", to="procedures.agency", verbose_name="cơ quan thực hiện")),
                ("procedure", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="agency_links", to="procedures.procedure", verbose_name="thủ tục")),
            ],
            options={
                "verbose_name": "cơ quan thực hiện thủ tục",
                "verbose_name_plural": "cơ quan thực hiện (theo thứ tự)",
                "ordering": ["position", "pk"],
                "abstract": False,
                "constraints": [models.UniqueConstraint(fields=("procedure", "agency"), name="procedures_agency_once_per_procedure")],
            },
        ),
        migrations.AddField(
            model_name="procedure",
            name="agencies",
            field=models.ManyToManyField(blank=True, related_name="procedures", through="procedures.ProcedureAgency", to="procedures.agency", verbose_name="cơ quan thực hiện"),
        ),
        migrations.AddField(
            model_name="procedure",
            name="sectors",
            field=models.ManyToManyField(blank=True, help_text="Một thủ tục có thể thuộc nhiều lĩnh vực.", related_name="procedures", to="procedures.sector", verbose_name="lĩnh vực"),
        ),
        migrations.AddField(
            model_name="procedure",
            name="levels",
            field=models.ManyToManyField(blank=True, help_text="Chọn mọi cấp thực hiện thủ tục này; để trống khi chưa rõ.", related_name="procedures", to="procedures.level", verbose_name="cấp thực hiện"),
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField("procedure", "old_sector"),
        migrations.RemoveField("procedure", "old_agencies"),
        migrations.RemoveField("procedure", "at_province"),
        migrations.RemoveField("procedure", "at_district"),
        migrations.RemoveField("procedure", "at_commune"),
    ]
