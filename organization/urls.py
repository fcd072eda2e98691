from django.urls import path

from organization import views

app_name = "organization"

urlpatterns = [
    path("gioi-thieu/", views.PageListView.as_view(), name="pages"),
    path("gioi-thieu/lanh-dao/", views.LeadersView.as_view(), name="leaders"),
    path("gioi-thieu/co-cau-to-chuc/", views.ChartView.as_view(), name="chart"),
    path("gioi-thieu/<slug:slug>/", views.PageDetailView.as_view(), name="page"),
    path("lich-cong-tac/", views.schedule, name="schedule"),
    path("lich-cong-tac/lich.ics", views.schedule_feed, name="feed"),
    path("lich-cong-tac/<slug:slug>.ics", views.leader_feed, name="leader_feed"),
    path("en/", views.english, name="english"),
]
