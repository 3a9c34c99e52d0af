"""Conversations for staff, mounted at /conversations/."""

from django.urls import path

from mojoe.inbox import views_conversations as views

app_name = "conversations"
urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("<uuid:conversation_id>", views.conversation_detail, name="detail"),
    path("<uuid:conversation_id>/reply", views.conversation_act, {"action": "reply"}, name="reply"),
    path(
        "<uuid:conversation_id>/take-over", views.conversation_act, {"action": "take-over"}, name="take-over"
    ),
    path(
        "<uuid:conversation_id>/hand-back", views.conversation_act, {"action": "hand-back"}, name="hand-back"
    ),
    path("<uuid:conversation_id>/assign", views.conversation_act, {"action": "assign"}, name="assign"),
    path("<uuid:conversation_id>/close", views.conversation_act, {"action": "close"}, name="close"),
    path(
        "<uuid:conversation_id>/attachments/<uuid:attachment_id>",
        views.conversation_attachment,
        name="attachment",
    ),
]
