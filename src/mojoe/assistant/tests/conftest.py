"""A patient in the web chat (`chat`), and a local chat-completions server for the optional LLM engine's tests
(test_llm, test_conversations)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.test import override_settings

from mojoe.assistant.tests.chat import Chat


@pytest.fixture
def chat(clinic) -> Chat:
    """A new visitor to the clinic's web chat, with no rate-limit counts left from earlier tests."""
    cache.clear()
    return Chat(clinic.practice.slug)


class ChatServer:
    """A chat-completions endpoint that answers from a script and remembers what it was asked."""

    def __init__(self):
        self.requests: list[dict] = []
        self.script: list[dict] = []
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                server.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(raw)}
                )
                step = server.script.pop(0) if server.script else {"status": 500, "body": b"unscripted"}
                if step.get("delay"):
                    server.released.wait(step["delay"])
                try:
                    self.send_response(step.get("status", 200))
                    for name, value in step.get("headers", {}).items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(step["body"])))
                    self.end_headers()
                    pieces = step.get("pieces", 1)
                    size = -(-len(step["body"]) // pieces)
                    for start in range(0, len(step["body"]), size):
                        self.wfile.write(step["body"][start : start + size])
                        self.wfile.flush()
                        if pieces > 1:
                            server.released.wait(step["gap"])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as it should

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def answer(self, content, *, delay: float = 0.0, pieces: int = 1, gap: float = 0.0):
        """Answer the next request with `content` (a dict is sent as JSON text) as the model's message.

        `delay` waits before the headers; `pieces` and `gap` trickle the body out in parts.
        """
        text = content if isinstance(content, str) else json.dumps(content)
        completion = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
            ],
        }
        body = json.dumps(completion).encode()
        self.script.append({"status": 200, "body": body, "delay": delay, "pieces": pieces, "gap": gap})

    def fail(self, status: int, body: bytes = b'{"error": "boom"}', headers: dict | None = None):
        self.script.append({"status": status, "body": body, "headers": headers or {}})


@pytest.fixture
def llm_server():
    server = ChatServer()
    # A short poll lets shutdown() return at once rather than after the default half second.
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield server
    server.released.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def llm_on(llm_server):
    with override_settings(
        MOJOE_LLM_URL=llm_server.url,
        MOJOE_LLM_MODEL="test-model",
        MOJOE_LLM_API_KEY="sekret-key",
        MOJOE_LLM_TIMEOUT=2,
        MOJOE_LLM_PHRASE=True,
    ):
        yield llm_server
