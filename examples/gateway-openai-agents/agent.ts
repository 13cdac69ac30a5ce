// A coding agent on the OpenAI Agents SDK, governed by `bridle gateway`. Nothing in the agent knows about Bridle:
// the one line marked below points the SDK's model client at the gateway instead of api.openai.com, and the gateway
// enforces the harness (loop, budget and deadline guards; permissions on every tool call the model emits).
//
//   bridle gateway --harness ../../sample-policies/coding-agent.harness.yaml --upstream https://api.openai.com \
//       --upstream-key-env OPENAI_API_KEY
//   npm ci && npm start
import { Agent, run, setDefaultOpenAIClient, tool } from '@openai/agents';
import OpenAI from 'openai';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const gateway = process.env.BRIDLE_GATEWAY_URL ?? 'http://127.0.0.1:8787';

// The one line that changes: the model endpoint is the gateway (the session header is optional, for a stable name).
setDefaultOpenAIClient(new OpenAI({ baseURL: `${gateway}/v1`, apiKey: process.env.OPENAI_API_KEY ?? 'unused', defaultHeaders: { 'X-Bridle-Session': process.env.BRIDLE_SESSION ?? 'openai-agents-example' } }));

// The harness declares this tool as `read_file: { reads: file_path }`, so the gateway checks its path.
const readFileTool = tool({
  name: 'read_file',
  description: 'Read a file of the project.',
  parameters: z.object({ file_path: z.string() }),
  execute: async ({ file_path }) => {
    try {
      return await readFile(file_path, 'utf8');
    } catch (e) {
      return `cannot read ${file_path}: ${(e as Error).message}`;
    }
  },
});

const agent = new Agent({
  name: 'coder',
  instructions: 'You fix the failing test. Read before you edit.',
  model: process.env.BRIDLE_MODEL ?? 'gpt-4.1-mini',
  tools: [readFileTool],
});

const result = await run(agent, 'The test CalculatorTest fails; find out why.', { maxTurns: 12 });
console.log(result.finalOutput);
