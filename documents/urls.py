from django.urls import path

from documents import views
from documents.feeds import LatestDocumentsFeed

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("du-thao/", views.DraftListView.as_view(), name="drafts"),
    path("rss/", LatestDocumentsFeed(), name="feed"),
    path("<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<slug:slug>/tep/<int:pk>/", views.download_attachment, name="attachment"),
    path("<slug:slug>/bao-cao-tong-hop/", views.download_report, name="report"),
    path("<slug:slug>/da-gui-gop-y/", views.CommentThanksView.as_view(), name="comment_sent"),
]
