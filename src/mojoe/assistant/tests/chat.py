"""A patient in the web chat, for the assistant's conversation tests (the `chat` fixture is in conftest)."""

from __future__ import annotations

from django.test import Client

from mojoe.messaging.models import Conversation
from mojoe.messaging.services import webchat_address

JORDAN = "Jordan Lee, born 01/01/1980"


class Chat:
    """A patient in the web chat: sends what they type, keeps the token, remembers the last replies."""

    def __init__(self, slug: str):
        self.client = Client()
        self.url = f"/p/{slug}/chat/messages"
        self.token = None
        self.replies: list[str] = []

    def send(self, text: str) -> str:
        body = {"text": text} | ({"token": self.token} if self.token else {})
        response = self.client.post(self.url, body, content_type="application/json")
        assert response.status_code == 200, response.content
        payload = response.json()
        self.token = payload["token"]
        self.replies = [r["text"] for r in payload["replies"]]
        return "\n".join(self.replies)

    @property
    def conversation(self) -> Conversation:
        return Conversation.objects.get(address=webchat_address(self.token))
