"""Django's admin, for operators (superusers) only; municipal staff use the staff area."""

from django.contrib import admin

from soslokal.core.models import Area, Membership, Municipality, PopulationCount


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["number", "name", "county_name"]
    search_fields = ["number", "name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ["name", "kind", "code", "municipality", "parent", "is_illustrative"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]


@admin.register(PopulationCount)
class PopulationCountAdmin(admin.ModelAdmin[PopulationCount]):
    list_display = ["area", "year", "age_from", "age_to", "sex", "count", "source"]
    list_filter = ["year", "sex"]
    raw_id_fields = ["area"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "municipality", "role"]
    list_filter = ["role", "municipality"]
    raw_id_fields = ["user"]
