// A coding agent on LangGraph.js, governed by `bridle gateway`. Nothing in the graph knows about Bridle: the one
// line marked below points the chat model at the gateway instead of api.openai.com, and the gateway enforces the
// harness (loop, budget and deadline guards; permissions on every tool call the model emits).
//
//   bridle gateway --harness ../../sample-policies/coding-agent.harness.yaml --upstream https://api.openai.com \
//       --upstream-key-env OPENAI_API_KEY
//   npm ci && npm start
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const gateway = process.env.BRIDLE_GATEWAY_URL ?? 'http://127.0.0.1:8787';

// The one line that changes: the model endpoint is the gateway (the session header is optional, for a stable name).
const model = new ChatOpenAI({ model: process.env.BRIDLE_MODEL ?? 'gpt-4.1-mini', apiKey: process.env.OPENAI_API_KEY ?? 'unused', configuration: { baseURL: `${gateway}/v1`, defaultHeaders: { 'X-Bridle-Session': process.env.BRIDLE_SESSION ?? 'langgraph-example' } } });

// The harness declares this tool as `read_file: { reads: file_path }`, so the gateway checks its path.
const readFileTool = tool(
  async ({ file_path }) => {
    try {
      return await readFile(file_path, 'utf8');
    } catch (e) {
      return `cannot read ${file_path}: ${(e as Error).message}`;
    }
  },
  { name: 'read_file', description: 'Read a file of the project.', schema: z.object({ file_path: z.string() }) },
);

const agent = createReactAgent({ llm: model, tools: [readFileTool] });

const state = await agent.invoke(
  { messages: [{ role: 'user', content: 'The test CalculatorTest fails; find out why.' }] },
  { recursionLimit: 25 },
);
const last = state.messages[state.messages.length - 1];
console.log(typeof last.content === 'string' ? last.content : JSON.stringify(last.content));
