"""Everything that changes municipalities, areas, population and memberships."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from soslokal.core.models import Area, Membership, Municipality, PopulationCount
from soslokal.core.population import PopulationRow


def municipality_upsert(
    *, number: str, name: str, county_number: str, county_name: str
) -> Municipality:
    if not (len(number) == 4 and number.isdigit()):
        raise ValidationError(_("A municipality number has four digits."))
    municipality, _created = Municipality.objects.update_or_create(
        number=number,
        defaults={"name": name, "county_number": county_number, "county_name": county_name},
    )
    return municipality


def area_upsert(
    *,
    municipality: Municipality,
    kind: str,
    name: str,
    parent: Area | None = None,
    code: str = "",
    is_illustrative: bool = False,
) -> Area:
    """Create or update the area ``name`` under ``parent``, keeping the tree well formed."""
    if parent is None and kind != Area.Kind.MUNICIPALITY:
        raise ValidationError(_("Only the municipality itself can be the top of the area tree."))
    if parent is not None:
        if parent.municipality_id != municipality.pk:
            raise ValidationError(_("An area must lie in the same municipality as its parent."))
        if kind not in Area.ALLOWED_CHILDREN[parent.kind]:
            raise ValidationError(
                _("A %(kind)s cannot lie within a %(parent)s.")
                % {"kind": Area.Kind(kind).label, "parent": Area.Kind(parent.kind).label}
            )
    area, _created = Area.objects.update_or_create(
        municipality=municipality,
        parent=parent,
        name=name,
        defaults={"kind": kind, "code": code, "is_illustrative": is_illustrative},
    )
    return area


@transaction.atomic
def population_replace(*, area: Area, rows: Iterable[PopulationRow], source: str) -> int:
    """Replace the area's population for the years in ``rows``; all or nothing."""
    counts = [
        PopulationCount(
            area=area,
            year=row.year,
            age_from=row.age_from,
            age_to=row.age_to,
            sex=PopulationCount.Sex.ALL,
            count=row.count,
            source=source,
        )
        for row in rows
    ]
    years = {count.year for count in counts}
    PopulationCount.objects.filter(area=area, year__in=years).delete()
    PopulationCount.objects.bulk_create(counts)
    return len(counts)


def membership_grant(
    *, user: AbstractBaseUser, municipality: Municipality, role: str
) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    membership, _created = Membership.objects.update_or_create(
        user=user, municipality=municipality, defaults={"role": role}
    )
    return membership


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    new_password: str | None  # set when the account was created now; shown once, never stored


@transaction.atomic
def member_add(*, municipality: Municipality, username: str, role: str) -> MemberAdded:
    """Give ``username`` a role in the municipality, creating the account if there is none.

    A new account gets a random password that the administrator passes on once; the user
    changes it after the first login."""
    username = username.strip()
    if not username:
        raise ValidationError(_("Write a username."))
    user_model = get_user_model()
    user = user_model.objects.filter(username__iexact=username).first()
    new_password = None
    if user is None:
        new_password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(username=username, password=new_password)
    membership = membership_grant(user=user, municipality=municipality, role=role)
    return MemberAdded(membership, new_password)


def _admins_left_without(membership: Membership) -> int:
    return (
        Membership.objects.filter(municipality=membership.municipality, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .count()
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    demoted = membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN
    if demoted and _admins_left_without(membership) == 0:
        raise ValidationError(_("A municipality must keep at least one administrator."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    if membership.role == Membership.Role.ADMIN and _admins_left_without(membership) == 0:
        raise ValidationError(_("A municipality must keep at least one administrator."))
    membership.delete()
