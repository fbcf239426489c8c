// An integrator's own MCP server, written the way the SDK documents it: an McpServer with a tool
// of its own and two generated packages mounted next to it, each configured from its <PREFIX>_*
// environment variables (no config in code). Used by test/e2e/mount-mcp-server.test.ts.
//
//   node mount-two.mjs <cloudron dist/index.js> <cloudways dist/index.js> <own-first|own-last> [stdio|http]
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const [cloudronEntry, cloudwaysEntry, order, mode = 'stdio'] = process.argv.slice(2);
const cloudron = await import(pathToFileURL(cloudronEntry).href);
const cloudways = await import(pathToFileURL(cloudwaysEntry).href);

const mcp = new McpServer({ name: 'my-ops', version: '1.0.0' });
const registerOwnTool = () =>
  mcp.registerTool('own_echo', { description: 'Echoes a word back.', inputSchema: { word: z.string() } }, async ({ word }) => ({
    content: [{ type: 'text', text: `echo ${word}` }],
  }));

if (order === 'own-first') registerOwnTool();
cloudron.registerTools(mcp, { prefix: 'cloudron_', include: ['get_cloudron_status', 'list_apps'] });
cloudways.registerTools(mcp, { prefix: 'cloudways_', filter: (tool) => tool.name === 'list_servers' });
if (order === 'own-last') registerOwnTool();

if (mode === 'http') {
  // One session is enough for the test: one transport, one McpServer.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  await mcp.connect(transport);
  const http = createServer((request, response) => {
    if (request.url !== '/mcp') return void response.writeHead(404).end();
    void transport.handleRequest(request, response);
  });
  http.listen(0, '127.0.0.1', () => process.stdout.write(`listening on ${http.address().port}\n`));
  process.on('SIGTERM', () => http.close(() => process.exit(0)));
} else {
  await mcp.connect(new StdioServerTransport());
}
