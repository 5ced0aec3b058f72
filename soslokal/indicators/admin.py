"""Operators read the knowledge base here; it changes only through the catalogue file and
imports (``soslokal indicators``), each recorded as an import run."""

from django.contrib import admin

from soslokal.framework.admin import ReadOnlyAdmin
from soslokal.indicators.models import ImportRun, Indicator, Region, RegionChange


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "kind", "what", "who", "status", "rows_stored", "rows_flagged")
    list_filter = ("status", "kind")
    search_fields = ("what", "who")


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "agency", "table", "unit", "direction")


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")


admin.site.register(RegionChange, ReadOnlyAdmin)
