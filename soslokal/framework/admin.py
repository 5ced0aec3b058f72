"""The framework is data: change it in its YAML file and load it again, not here."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from soslokal.framework.models import Dimension, FrameworkVersion, PlaceTheme, SdgTarget


class ReadOnlyAdmin(admin.ModelAdmin[Model]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


admin.site.register(FrameworkVersion, ReadOnlyAdmin)
admin.site.register(Dimension, ReadOnlyAdmin)
admin.site.register(PlaceTheme, ReadOnlyAdmin)
admin.site.register(SdgTarget, ReadOnlyAdmin)
