"""A Python agent speaking the Responses WebSocket protocol with the `websockets` library, the way
openai-python's `client.responses.connect()` does: the base URL from OPENAI_BASE_URL (http -> ws,
https -> wss, then /responses), the key from OPENAI_API_KEY as a bearer token. Two turns chained
with previous_response_id; answers on stdout."""

import asyncio
import json
import os
import sys

import websockets


def responses_url() -> str:
    base = os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
    scheme, rest = base.split("://", 1)
    ws_scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    return f"{ws_scheme}://{rest.rstrip('/')}/responses"


async def turn(ws, body: dict) -> dict:
    await ws.send(json.dumps({"type": "response.create", "model": "gpt-5.5", "store": False, **body}))
    text = ""
    while True:
        event = json.loads(await ws.recv())
        if event.get("type") == "response.output_text.delta":
            text += event["delta"]
        if event.get("type") in ("response.completed", "response.failed", "error"):
            return {"id": (event.get("response") or {}).get("id"), "text": text}


async def main() -> None:
    headers = {"Authorization": f"Bearer {os.environ['OPENAI_API_KEY']}"}
    try:  # websockets >= 14 (what current openai-python uses)
        from websockets.asyncio.client import connect

        opening = connect(responses_url(), additional_headers=headers, user_agent_header="OpenAI/Python test-agent")
    except ImportError:  # the legacy client of older releases (Debian's 10.x)
        opening = websockets.connect(responses_url(), extra_headers=headers, user_agent_header="OpenAI/Python test-agent")
    async with opening as ws:
        first = await turn(ws, {"input": "Say hello."})
        print(f"python answer 1: {first['text']}", flush=True)
        second = await turn(ws, {"input": "Again.", "previous_response_id": first["id"]})
        print(f"python answer 2: {second['text']}", flush=True)


asyncio.run(main())
sys.exit(0)
