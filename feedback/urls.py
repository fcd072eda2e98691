"""Public addresses of questions and feedback: /hoi-dap/…"""

from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.QuestionListView.as_view(), name="list"),
    path("gui-cau-hoi/", views.submit, name="submit"),
    path("tra-cuu/", views.track, name="track"),
    path("chinh-sach-du-lieu-ca-nhan/", views.PolicyView.as_view(), name="policy"),
    path("danh-gia-trang/", views.page_usefulness, name="usefulness"),
    path("tep-dinh-kem/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.QuestionDetailView.as_view(), name="question"),
]
