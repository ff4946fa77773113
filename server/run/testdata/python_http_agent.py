"""An HTTP-only Python agent with no SDK: POST {OPENAI_BASE_URL}/responses with urllib, which, like
httpx in openai-python, honours HTTP(S)_PROXY and NO_PROXY from the environment."""

import json
import os
import urllib.request

base = os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
request = urllib.request.Request(
    f"{base.rstrip('/')}/responses",
    data=json.dumps({"model": "gpt-5.5", "input": "Say hello."}).encode(),
    headers={"Authorization": f"Bearer {os.environ['OPENAI_API_KEY']}", "Content-Type": "application/json"},
)
with urllib.request.urlopen(request, timeout=30) as response:
    body = json.load(response)
text = "".join(c.get("text", "") for item in body.get("output", []) for c in item.get("content", []) or [])
print(f"python http answer: {text}", flush=True)
