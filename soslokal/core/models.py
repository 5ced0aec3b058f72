"""Who owns what: municipalities (the tenants), their areas and population, and roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A Norwegian municipality, the tenant every staff page is scoped to."""

    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        help_text=_("The official four-digit number, such as 4003."),
    )
    name = models.CharField(_("name"), max_length=100)
    county_number = models.CharField(_("county number"), max_length=2)
    county_name = models.CharField(_("county"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class AreaQuerySet(models.QuerySet["Area"]):
    def in_municipality(self, municipality: Municipality) -> AreaQuerySet:
        return self.filter(municipality=municipality)


class Area(models.Model):
    """A place within a municipality: the municipality itself, a district, a neighbourhood or a
    basic statistical unit (grunnkrets). Areas form a tree through ``parent``."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        BASIC_UNIT = "basic_unit", _("Basic statistical unit")

    # Which kinds may sit directly under which: the tree only ever gets finer.
    ALLOWED_CHILDREN: dict[str, tuple[str, ...]] = {
        Kind.MUNICIPALITY: (Kind.DISTRICT, Kind.NEIGHBOURHOOD, Kind.BASIC_UNIT),
        Kind.DISTRICT: (Kind.NEIGHBOURHOOD, Kind.BASIC_UNIT),
        Kind.NEIGHBOURHOOD: (Kind.BASIC_UNIT,),
        Kind.BASIC_UNIT: (),
    }

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="areas", verbose_name=_("municipality")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    code = models.CharField(
        _("official code"),
        max_length=8,
        blank=True,
        help_text=_(
            "Statistics Norway's code where one exists: 4 digits for a municipality, "
            "6 for a city district, 8 for a basic statistical unit."
        ),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Marks demo or example areas so they are labelled as such on screen."),
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "kind", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "parent", "name"], name="area_unique_name_per_parent"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="area_unique_official_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PopulationCount(models.Model):
    """Residents of an area on 1 January of a year, by age band and sex where known.

    ``sex`` is ``all`` when the source gives no split by sex; a figure is never invented."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        ALL = "all", _("All")

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="population", verbose_name=_("area")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    age_from = models.PositiveSmallIntegerField(_("age from"))
    age_to = models.PositiveSmallIntegerField(
        _("age to"), null=True, blank=True, help_text=_("Empty for an open band such as 90+.")
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, default=Sex.ALL)
    count = models.PositiveIntegerField(_("residents"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["area", "year", "age_from", "sex"]
        verbose_name = _("population count")
        verbose_name_plural = _("population counts")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "age_from", "sex"], name="population_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year} {self.age_band} {self.sex}: {self.count}"

    @property
    def age_band(self) -> str:
        if self.age_to is None:
            return f"{self.age_from}+"
        if self.age_to == self.age_from:
            return str(self.age_from)
        return f"{self.age_from}–{self.age_to}"


class Membership(models.Model):
    """A user's role in one municipality. Roles are ordered: each includes the ones below it."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        ANALYST = "analyst", _("Analyst")
        FACILITATOR = "facilitator", _("Facilitator")
        VIEWER = "viewer", _("Viewer")

    RANK: dict[str, int] = {Role.VIEWER: 1, Role.FACILITATOR: 2, Role.ANALYST: 3, Role.ADMIN: 4}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["municipality", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.role})"

    def allows(self, role: str) -> bool:
        """True when this membership's role is at least ``role``."""
        return self.RANK[self.role] >= self.RANK[role]
