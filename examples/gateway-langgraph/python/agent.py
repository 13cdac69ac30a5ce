"""A coding agent on LangGraph for Python, governed by `bridle gateway`.

The one line marked below points the chat model at the gateway; nothing else knows about Bridle.

    bridle gateway --harness ../../../sample-policies/coding-agent.harness.yaml \
        --upstream https://api.openai.com --upstream-key-env OPENAI_API_KEY
    python -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python agent.py
"""
import os
from pathlib import Path

from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

gateway = os.environ.get("BRIDLE_GATEWAY_URL", "http://127.0.0.1:8787")

# The one line that changes: the model endpoint is the gateway (the session header is optional, for a stable name).
model = ChatOpenAI(model=os.environ.get("BRIDLE_MODEL", "gpt-4.1-mini"), api_key=os.environ.get("OPENAI_API_KEY", "unused"), base_url=f"{gateway}/v1", default_headers={"X-Bridle-Session": os.environ.get("BRIDLE_SESSION", "langgraph-python")})


@tool
def read_file(file_path: str) -> str:
    """Read a file of the project (the harness declares read_file as reading file_path)."""
    try:
        return Path(file_path).read_text()
    except OSError as e:
        return f"cannot read {file_path}: {e}"


agent = create_react_agent(model, [read_file])
state = agent.invoke(
    {"messages": [{"role": "user", "content": "The test CalculatorTest fails; find out why."}]},
    {"recursion_limit": 25},
)
print(state["messages"][-1].content)
