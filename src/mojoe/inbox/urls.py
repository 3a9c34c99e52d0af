"""The task pages, mounted at /tasks/."""

from django.urls import path

from mojoe.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("<uuid:task_id>", views.task_detail, name="detail"),
    path("<uuid:task_id>/complete", views.task_complete, name="complete"),
    path("<uuid:task_id>/start", views.task_start, name="start"),
    path("<uuid:task_id>/assign", views.task_assign, name="assign"),
    path("<uuid:task_id>/notes", views.task_note_add, name="note-add"),
]
