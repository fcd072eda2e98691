"""Staff hold roles per unit: a role counts only at the host of the unit that gave it."""

import pytest
from django.contrib.auth.models import Group

from anphu_portal import roles
from anphu_portal.models import Membership, Unit, UnitHost
from tests.factories import login_staff, make_staff_user

pytestmark = pytest.mark.django_db

OTHER_HOST = "xa-mau.localhost"
ARTICLES = "/quan-tri/news/article/"


@pytest.fixture
def other_unit(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    Unit.load()
    unit = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    UnitHost.objects.create(unit=unit, host=OTHER_HOST)
    return unit


def test_a_role_held_in_one_unit_opens_only_that_units_admin(client, other_unit):
    user = make_staff_user(username="bientapxamau")
    Membership.objects.create(user=user, unit=other_unit, role=Group.objects.get(name=roles.EDITOR))
    login_staff(client, user)
    assert client.get(ARTICLES, HTTP_HOST=OTHER_HOST).status_code == 200
    assert client.get(ARTICLES).status_code == 403


def test_a_single_unit_installs_groups_keep_working_in_the_default_unit_only(client, other_unit):
    login_staff(client, make_staff_user(roles.EDITOR, username="bientapanphu"))
    assert client.get(ARTICLES).status_code == 200
    assert client.get(ARTICLES, HTTP_HOST=OTHER_HOST).status_code == 403


def test_a_unit_administrator_names_members_of_its_own_unit(client, other_unit):
    admin_user = make_staff_user(username="quantrixamau")
    Membership.objects.create(
        user=admin_user, unit=other_unit, role=Group.objects.get(name=roles.UNIT_ADMIN)
    )
    newcomer = make_staff_user(username="nguoimoi")
    login_staff(client, admin_user)
    response = client.post(
        "/quan-tri/anphu_portal/membership/add/",
        {"user": newcomer.pk, "role": Group.objects.get(name=roles.APPROVER).pk},
        HTTP_HOST=OTHER_HOST,
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.unit, membership.role.name) == (other_unit, roles.APPROVER)
    assert client.get("/quan-tri/anphu_portal/membership/").status_code == 403
