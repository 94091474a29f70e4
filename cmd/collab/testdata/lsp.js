// Usage: node lsp.js SERVER_JS FILE...: opens each FILE in the YAML language
// server (over stdio, as an editor does) and prints, as JSON, each file's
// diagnostics as "LINE:COLUMN message", keyed by the file's path as given.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const url = require('url');
const [server, ...files] = process.argv.slice(2);
const p = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buf = Buffer.alloc(0), id = 0;
const send = (m) => { const s = JSON.stringify({ jsonrpc: '2.0', ...m }); p.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`); };
const out = {}; const byURI = new Map(files.map(f => [url.pathToFileURL(path.resolve(f)).href, f])); const pending = new Set(byURI.keys());
const timer = setTimeout(() => { console.log(JSON.stringify(out)); process.exit(2); }, 30000);
p.stdout.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\r\n\r\n'); if (h < 0) return;
    const len = parseInt(/Content-Length: (\d+)/i.exec(buf.slice(0, h).toString())[1], 10);
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString()); buf = buf.slice(h + 4 + len);
    if (msg.id !== undefined && msg.method) { send({ id: msg.id, result: msg.method === 'workspace/configuration' ? msg.params.items.map(() => null) : null }); continue; }
    if (msg.id === 1) {
      send({ method: 'initialized', params: {} });
      send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: { validate: true, schemaStore: { enable: false } } } } });
      for (const f of files) send({ method: 'textDocument/didOpen', params: { textDocument: { uri: url.pathToFileURL(path.resolve(f)).href, languageId: 'yaml', version: 1, text: fs.readFileSync(f, 'utf8') } } });
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      out[byURI.get(msg.params.uri) || msg.params.uri] = msg.params.diagnostics.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
      pending.delete(msg.params.uri);
      if (pending.size === 0) { clearTimeout(timer); console.log(JSON.stringify(out, null, 1)); process.exit(0); }
    }
  }
});
send({ id: ++id, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
