"""Patient-facing pages of a practice, mounted at /p/<practice slug>/ (no account needed)."""

from django.urls import path

from mojoe.messaging import webchat, webchat_pages

app_name = "webchat"
urlpatterns = [
    path("chat", webchat_pages.chat_page, name="chat"),
    path("chat/widget.js", webchat_pages.widget_script, name="widget"),
    path("chat/messages", webchat.chat_messages, name="messages"),
    path("chat/history", webchat.chat_history, name="history"),
    path("chat/files", webchat.chat_files, name="files"),
]
