"""Understanding a patient's message: the whole local engine per message, against the model alone; and the
emergency screen with its suspicion layers (red flags, learned net), against the rules alone."""

from __future__ import annotations

import statistics
import time

from mojoe.assistant.nlu.classifier import load_corpus, models
from mojoe.assistant.nlu.emergency_net import emergency_net
from mojoe.assistant.nlu.engine import understand
from mojoe.assistant.nlu.evaluate import REFERENCE_NOW
from mojoe.assistant.red_flags import suspected_emergency
from mojoe.assistant.safety import screen


def _per_message_ms(operation, texts) -> float:
    samples = []
    for text in texts:
        started = time.perf_counter()
        operation(text)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run(median_ms) -> list[dict]:
    texts = [row["text"] for row in load_corpus() if row.get("split") == "test"]
    trained = models()  # trained (or loaded) once, outside the timing
    for text in texts[:20]:
        understand(text, now=REFERENCE_NOW)
    # Dates and details are read when asked for (see nlu.schema.Understanding): as_json asks for everything.
    whole = _per_message_ms(lambda t: understand(t, now=REFERENCE_NOW).as_json(), texts)
    model_only = _per_message_ms(lambda t: trained.intent.predict(t), texts)
    emergency_net()  # trained once, outside the timing
    screened = _per_message_ms(lambda t: screen(t).is_emergency or suspected_emergency(t), texts)
    rules_only = _per_message_ms(screen, texts)
    return [
        {
            "name": f"emergency screen: rules, red flags, learned net (median of {len(texts)} messages)",
            "value": f"{screened:.2f} ms",
            "baseline": f"{rules_only:.2f} ms",
            "ratio": screened / rules_only,
            "target": "reported",
            "median_ms": screened,
            "baseline_ms": rules_only,
        },
        {
            "name": f"understand one message (median of {len(texts)} held-out messages)",
            "value": f"{whole:.2f} ms",
            "baseline": f"{model_only:.2f} ms",
            "ratio": whole / model_only,
            "target": "<=5 ms",
            "median_ms": whole,
            "baseline_ms": model_only,
        },
    ]
