from django.urls import path

from soslokal.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("municipalities/<str:number>/", views.municipality_detail, name="municipality"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/password/", views.password_change, name="password_change"),
    path("staff/<str:number>/", views.staff_municipality, name="staff_municipality"),
    path("staff/<str:number>/areas/<id:area_id>/", views.staff_area, name="staff_area"),
    path("staff/<str:number>/members/", views.staff_members, name="staff_members"),
    path(
        "staff/<str:number>/members/<id:membership_id>/",
        views.staff_member_change,
        name="staff_member_change",
    ),
]
