"""The data migration to many-valued sectors and levels and agencies in order."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from procedures.models import Procedure

BEFORE = [("procedures", "0002_search_text_trigram")]
AFTER = [("procedures", "0003_many_sectors_and_levels_ordered_agencies")]


@pytest.mark.django_db(transaction=True)
def test_migration_carries_the_sector_the_yes_no_levels_and_the_agencies_over():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Sector, Agency = old.get_model("procedures", "Sector"), old.get_model("procedures", "Agency")
    OldProcedure = old.get_model("procedures", "Procedure")
    sector = Sector.objects.create(name="Hộ tịch", slug="ho-tich")
    commune = Agency.objects.create(name="Ủy ban nhân dân cấp xã", slug="ubnd-xa")
    district = Agency.objects.create(name="Phòng Tư pháp huyện", slug="ptp")
    both = OldProcedure.objects.create(
        code="2.000635",
        name="Cấp bản sao trích lục",
        sector=sector,
        at_district=True,
        at_commune=True,
        search_text="x",
    )
    both.agencies.add(commune, district)
    OldProcedure.objects.create(code="1.000001", name="Chưa rõ cấp", search_text="x")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    # Later migrations add columns the current model reads.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = Procedure.objects.get(code="2.000635")
    assert [s.name for s in migrated.sectors.all()] == ["Hộ tịch"]
    assert migrated.level_codes == ["huyen", "xa"]
    assert migrated.agency_name_list() == ["Phòng Tư pháp huyện", "Ủy ban nhân dân cấp xã"]
    unknown = Procedure.objects.get(code="1.000001")
    assert unknown.level_codes == [] and not unknown.sectors.exists()
    assert [level.slug for level in migrated.levels.model.objects.all()] == [
        "trung-uong",
        "tinh",
        "huyen",
        "xa",
        "khac",
    ]
