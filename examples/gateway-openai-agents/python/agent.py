"""A coding agent on the OpenAI Agents SDK for Python, governed by `bridle gateway`.

The one line marked below points the SDK's model client at the gateway; nothing else knows about Bridle.

    bridle gateway --harness ../../../sample-policies/coding-agent.harness.yaml \
        --upstream https://api.openai.com --upstream-key-env OPENAI_API_KEY
    python -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python agent.py
"""
import os
from pathlib import Path

from agents import Agent, Runner, function_tool, set_default_openai_client
from openai import AsyncOpenAI

gateway = os.environ.get("BRIDLE_GATEWAY_URL", "http://127.0.0.1:8787")

# The one line that changes: the model endpoint is the gateway (the session header is optional, for a stable name).
set_default_openai_client(AsyncOpenAI(base_url=f"{gateway}/v1", api_key=os.environ.get("OPENAI_API_KEY", "unused"), default_headers={"X-Bridle-Session": os.environ.get("BRIDLE_SESSION", "openai-agents-python")}))


@function_tool
def read_file(file_path: str) -> str:
    """Read a file of the project (the harness declares read_file as reading file_path)."""
    try:
        return Path(file_path).read_text()
    except OSError as e:
        return f"cannot read {file_path}: {e}"


agent = Agent(
    name="coder",
    instructions="You fix the failing test. Read before you edit.",
    model=os.environ.get("BRIDLE_MODEL", "gpt-4.1-mini"),
    tools=[read_file],
)

result = Runner.run_sync(agent, "The test CalculatorTest fails; find out why.", max_turns=12)
print(result.final_output)
