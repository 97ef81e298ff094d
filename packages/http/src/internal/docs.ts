/**
 * The docs page: self-contained HTML (no external assets) that fetches
 * `/openapi.json` and lists the operations with their summaries, parameters, body schema
 * reference, responses and the problem types. Its one style sheet and one script are
 * inline, allowed by their SHA-256 hashes in the page's Content-Security-Policy
 * (`docsCsp`): nothing else runs, loads or frames it.
 */
import { createHash } from "node:crypto"

const style = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem 1.5rem;color:#1d232a}
h1{margin-bottom:.2rem} .op{border:1px solid #d0d7de;border-radius:6px;margin:.6rem 0;padding:.5rem .8rem}
.m{display:inline-block;min-width:4.2rem;font-weight:700;font-family:ui-monospace,monospace}
.GET{color:#0969da}.POST{color:#1a7f37}.path{font-family:ui-monospace,monospace}
small{color:#57606a} code{background:#f6f8fa;padding:0 .25rem;border-radius:3px} summary{cursor:pointer}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px}
`

const script = `
fetch("/openapi.json").then(function (r) { return r.json() }).then(function (spec) {
  var out = [];
  var tags = {};
  Object.keys(spec.paths).forEach(function (path) {
    var item = spec.paths[path];
    Object.keys(item).forEach(function (method) {
      var op = item[method];
      var tag = (op.tags && op.tags[0]) || "other";
      (tags[tag] = tags[tag] || []).push({ path: path, method: method.toUpperCase(), op: op });
    });
  });
  Object.keys(tags).forEach(function (tag) {
    out.push("<h2>" + esc(tag) + "</h2>");
    tags[tag].forEach(function (e) {
      var params = (e.op.parameters || []).map(function (p) {
        return "<code>" + esc(p.name) + "</code> <small>(" + esc(p.in) + (p.required ? ", required" : "") + ")</small>";
      }).join(", ");
      var responses = Object.keys(e.op.responses || {}).map(function (s) {
        return "<code>" + esc(s) + "</code> " + esc((e.op.responses[s] && e.op.responses[s].description) || "");
      }).join("<br>");
      var body = e.op.requestBody ? "<pre>" + esc(JSON.stringify(e.op.requestBody.content, null, 1)).slice(0, 4000) + "</pre>" : "";
      out.push('<div class="op"><span class="m ' + e.method + '">' + e.method + '</span> <span class="path">' + esc(e.path) +
        "</span> <small>" + esc(e.op.operationId || "") + "</small>" + (e.op.summary ? "<p>" + esc(e.op.summary) + "</p>" : "") +
        (e.op.description ? "<p>" + esc(e.op.description) + "</p>" : "") +
        "<details><summary>parameters, body, responses</summary>" + (params ? "<p>" + params + "</p>" : "") + body + "<p>" + responses + "</p></details></div>");
    });
  });
  document.getElementById("ops").innerHTML = out.join("");
}).catch(function (e) { document.getElementById("ops").textContent = "Could not load /openapi.json: " + e; });
function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
`

export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gridgov API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${style}</style></head><body>
<h1>gridgov API</h1>
<p>The machine-readable contract is <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).
Errors are RFC 9457 problem documents (<code>application/problem+json</code>). Authenticate with
<code>Authorization: Bearer &lt;token&gt;</code>; send <code>Idempotency-Key</code> on POSTs you may retry.
Open311 GeoReport v2 lives under <a href="/open311/v2/discovery.json"><code>/open311/v2</code></a>.</p>
<div id="ops">Loading /openapi.json…</div>
<script>${script}</script>
</body></html>
`

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`

/** The page's policy: its own style and script (by hash), fetches to its origin, nothing else. */
export const docsCsp = [
  "default-src 'none'",
  `script-src ${hash(script)}`,
  `style-src ${hash(style)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join("; ")
