from django.urls import path

from mojoe.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("<uuid:task_id>/complete", views.task_complete, name="complete"),
]
