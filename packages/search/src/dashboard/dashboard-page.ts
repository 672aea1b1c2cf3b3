import { CLIENT_APP } from './client/client-app.js';
import { CLIENT_BASE } from './client/client-base.js';
import { CLIENT_CHARTS } from './client/client-charts.js';

/** What the page is built from: a per-response CSP nonce and the polling period, never stored data. */
export interface DashboardPageOptions {
  /** Base64 nonce that the Content-Security-Policy header names for the inline script and style. */
  readonly nonce: string;
  /** Polling period in ms. */
  readonly refreshMs: number;
}

/** The page script: the client modules in one strict-mode closure. */
export const DASHBOARD_SCRIPT = `'use strict';\n(() => {\n${CLIENT_BASE}\n${CLIENT_CHARTS}\n${CLIENT_APP}\n})();`;

const STYLE = `
:root { color-scheme: light; --fg: #1d232b; --muted: #5c6672; --line: #d5dbe1; --bg: #f5f7f9; --accent: #1c6dd0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: baseline; gap: 16px; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 17px; margin: 0; }
#storage { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
#status { margin-left: auto; font-size: 12px; color: var(--muted); white-space: nowrap; }
#status.live::before { content: ""; display: inline-block; width: 8px; height: 8px; margin-right: 6px; border-radius: 50%; background: #2f9e44; }
#status.error { color: #c92a2a; white-space: normal; }
#layout { display: grid; grid-template-columns: 250px minmax(0, 1fr); min-height: calc(100vh - 45px); }
nav { background: #fff; border-right: 1px solid var(--line); padding: 12px; }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 8px; }
nav ul { list-style: none; margin: 0; padding: 0; }
button.study { display: block; width: 100%; text-align: left; border: 1px solid transparent; background: none; padding: 6px 8px; border-radius: 6px; cursor: pointer; font: inherit; color: inherit; }
button.study:hover { background: var(--bg); }
button.study.selected { background: #e7f0fb; border-color: #b9d2f0; }
.study-name { display: block; font-weight: 600; overflow-wrap: anywhere; }
.meta { display: block; color: var(--muted); font-size: 12px; }
main { padding: 16px 20px; min-width: 0; }
@media (max-width: 800px) { #layout { grid-template-columns: minmax(0, 1fr); } nav { border-right: 0; border-bottom: 1px solid var(--line); } }
.study-header h2 { margin: 0 0 2px; font-size: 20px; overflow-wrap: anywhere; }
details { margin: 6px 0 0; }
summary { cursor: pointer; color: var(--muted); font-size: 12px; }
pre { background: #fff; border: 1px solid var(--line); padding: 8px; font-size: 12px; max-height: 260px; overflow: auto; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(520px, 100%), 1fr)); gap: 16px; margin-top: 14px; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px 12px; min-width: 0; }
.panel.wide { grid-column: 1 / -1; }
.panel h3 { margin: 0 0 6px; font-size: 14px; }
.panel h4 { margin: 8px 0 0; font-size: 12px; color: var(--muted); font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
.scroll { overflow-x: auto; }
.caption { font-size: 12px; color: var(--muted); margin: 0 0 4px; }
.controls { font-size: 12px; color: var(--muted); margin: 0; }
svg.chart { display: block; width: 100%; height: auto; }
svg text { font-family: system-ui, sans-serif; }
.tick { font-size: 11px; fill: #4a5560; }
.label { font-size: 12px; fill: #1d232b; font-weight: 600; }
.halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.axis { stroke: #7b8591; stroke-width: 1; }
.value-axis { stroke: #1d232b; stroke-width: 1.5; }
.grid { stroke: #edf0f3; stroke-width: 1; }
.dot { fill: var(--accent); fill-opacity: .75; }
.dot.best { fill: #d9480f; fill-opacity: 1; stroke: #fff; stroke-width: 1.5; }
.dot.front { fill: #d9480f; fill-opacity: 1; stroke: #fff; stroke-width: 1; }
.dot.dominated { fill: #9aa5b1; fill-opacity: .8; }
.best-line, .front-line { fill: none; stroke: #d9480f; stroke-width: 2; }
.front-line { stroke-dasharray: 5 3; }
.bar { fill: var(--accent); }
.pc-line { fill: none; stroke-width: 1.3; stroke-opacity: .65; }
.pc-line.best { stroke-width: 3; stroke-opacity: 1; }
.curve-line, .cross, .curve-key { fill: none; stroke-width: 1.4; }
.curve.complete, .curve-key.complete { stroke: var(--accent); stroke-opacity: .8; }
.curve.pruned, .curve-key.pruned { stroke: #e8590c; stroke-opacity: .7; }
.curve.running, .curve-key.running { stroke: #2f9e44; stroke-dasharray: 4 3; }
.curve.failed, .curve-key.failed, .curve.waiting, .curve-key.waiting { stroke: #868e96; }
.curve .end { fill: currentColor; stroke: none; }
.cross { stroke-width: 2; }
table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #edf0f3; padding: 3px 10px 3px 0; text-align: left; white-space: nowrap; }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort] button { color: var(--accent); }
tr.pruned td:nth-child(2) { color: #e8590c; }
tr.failed td:nth-child(2) { color: #c92a2a; }
tr.running td:nth-child(2) { color: #2f9e44; }
tr.best td { background: #fff4e6; }
`;

/**
 * The dashboard page: inline style and script under the given nonce. It embeds no stored data (the
 * script fetches JSON and builds the DOM with textContent), so nothing a study holds can become markup.
 */
export function dashboardPage(options: DashboardPageOptions): string {
  const nonce = options.nonce;
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new TypeError('the nonce must be base64');
  const refresh = String(Math.round(options.refreshMs));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lrdist-search dashboard</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body data-refresh-ms="${refresh}">
<header><h1>lrdist-search dashboard</h1><span id="storage"></span><span id="status" role="status">connecting…</span></header>
<div id="layout"><nav id="studies" aria-label="Studies"></nav><main id="study"><p class="empty">Loading…</p></main></div>
<script nonce="${nonce}">
${DASHBOARD_SCRIPT}
</script>
</body>
</html>
`;
}
