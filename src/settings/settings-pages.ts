import { ALL } from '../auth/scope-policy';
import { esc } from '../common/html';
import type { GrantView } from '../oauth/oauth.service';

// The HTML of Settings → API & MCP: plain server-rendered forms, one style sheet and one small
// script from /settings/assets (the page works without it). Every control has a label.

export interface KeyRow {
  id: string;
  name: string | null;
  prefix: string;
  last4?: string | null;
  scopes: string[];
  user_id: string | null;
  created_at?: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface AuditRow {
  at: Date;
  actorKind: string;
  actorId: string | null;
  tool: string;
  targetId: string | null;
  changes: Record<string, unknown>;
}

export interface Viewer {
  email: string;
  csrf: string;
}

export const when = (iso: string | null | undefined) =>
  iso ? `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace('T', ' '))} UTC</time>` : '<span class="muted">never</span>';
/** A credential's scopes as shown: `all` for a key issued with all, or one that holds every scope there is. */
const scopeList = (scopes: string[], all: readonly string[]) => (scopes.includes(ALL) || all.every((s) => scopes.includes(s)) ? 'all' : scopes.join(', '));
export const csrfField = (v: Viewer) => `<input type="hidden" name="csrf_token" value="${esc(v.csrf)}">`;

export function layout(title: string, body: string, viewer?: Viewer): string {
  const nav = viewer
    ? `<nav aria-label="Settings sections"><a href="/settings/api#keys">API keys</a><a href="/settings/api#new-key">New key</a><a href="/settings/api#apps">Connected apps</a><a href="/settings/api#webhooks">Webhooks</a><a href="/settings/api#audit">Audit</a></nav>
<form method="post" action="/settings/api/sign-out">${csrfField(viewer)}<span>${esc(viewer.email)}</span><button type="submit">Sign out</button></form>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Zoop</title><link rel="stylesheet" href="/settings/assets/settings.css"><script src="/settings/assets/settings.js" defer></script></head>
<body><a class="skip" href="#main">Skip to content</a><header><p class="brand">Zoop · Settings → API &amp; MCP</p>${nav}</header>
<main id="main">
${body}
</main></body></html>`;
}

export function signInPage(p: { csrf: string; error?: string; email?: string; notice?: string }): string {
  return layout(
    'Sign in',
    `<h1>Sign in to manage API access</h1>
${p.notice ? `<p class="notice" role="status">${esc(p.notice)}</p>` : ''}${p.error ? `<p class="err" role="alert">${esc(p.error)}</p>` : ''}
<p>Owners of a Zoop business issue API keys for AI agents and MCP clients here, see the apps connected with OAuth, and read the audit trail.</p>
<form method="post" action="/settings/api/sign-in">
<input type="hidden" name="csrf_token" value="${esc(p.csrf)}">
<label for="email">Email</label><input id="email" type="email" name="email" autocomplete="username" required maxlength="320" value="${esc(p.email ?? '')}">
<label for="password">Password</label><input id="password" type="password" name="password" autocomplete="current-password" required maxlength="1024">
<div class="row"><button type="submit">Sign in</button></div>
</form>`,
  );
}

export const askAnOwnerPage = () =>
  layout(
    'Ask an owner',
    `<h1>Ask an owner</h1>
<p>Only an owner of your business can manage API keys and connected apps. Ask an owner to issue a key for you, or to make you an owner.</p>
<p><a href="/settings/api">Sign in as someone else</a></p>`,
  );

export const badFormPage = () =>
  layout(
    'Form expired',
    `<h1>This form has expired</h1>
<p class="err" role="alert">The form has expired or did not come from this page, so nothing was changed.</p>
<p><a href="/settings/api">Back to settings</a></p>`,
  );

export const notFoundPage = (what: string) =>
  layout('Not found', `<h1>Not found</h1><p>No ${esc(what)} with that id in your business.</p><p><a href="/settings/api">Back to settings</a></p>`);

function keysSection(keys: KeyRow[], emails: Map<string, string>, all: readonly string[]): string {
  const rows = keys
    .map((k) => {
      const actor = k.user_id ? `User key of ${esc(emails.get(k.user_id) ?? k.user_id)}` : 'Tenant key';
      const shown = `${k.prefix}…${k.last4 ?? '????'}`;
      const status = k.revoked_at
        ? `<span class="revoked">Revoked ${when(k.revoked_at)}</span>`
        : `<a href="/settings/api/keys/${esc(k.id)}/revoke">Revoke<span class="vh"> key ${esc(k.name ?? shown)}</span></a>`;
      return `<tr${k.revoked_at ? ' class="revoked"' : ''}><td data-label="Name">${esc(k.name ?? '(no name)')}</td><td data-label="Key"><code class="nowrap">${esc(shown)}</code></td><td data-label="Acts as">${actor}</td>
<td data-label="Scopes" class="scopes">${esc(scopeList(k.scopes, all))}</td><td data-label="Created">${when(k.created_at)}</td><td data-label="Last used">${when(k.last_used_at)}</td>
<td data-label="Expires">${k.expires_at ? when(k.expires_at) : '<span class="muted">never</span>'}</td><td data-label="Status">${status}</td></tr>`;
    })
    .join('\n');
  return `<section aria-labelledby="keys"><h2 id="keys">API keys</h2>
${
  keys.length
    ? `<table class="stack"><caption class="vh">API keys of this business</caption><thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Acts as</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No API keys yet.</p>'
}</section>`;
}

function newKeySection(viewer: Viewer, entities: readonly string[], error?: string): string {
  const grid = entities
    .map((e) => {
      const label = e.replace(/_/g, ' ');
      const box = (verb: 'read' | 'write') =>
        `<input type="checkbox" id="s-${verb}-${e}" name="scope" value="${verb}:${e}"> <label for="s-${verb}-${e}">${verb === 'read' ? 'Read' : 'Write'}<span class="vh"> ${label}</span></label>`;
      return `<tr><th scope="row">${label}</th><td>${box('read')}</td><td>${box('write')}</td></tr>`;
    })
    .join('\n');
  return `<section aria-labelledby="new-key"><h2 id="new-key">Create an API key</h2>
${error ? `<p class="err" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/settings/api/keys">
${csrfField(viewer)}
<label for="key-name">Name</label><input id="key-name" type="text" name="name" required maxlength="200" placeholder="e.g. Claude on my laptop">
<fieldset><legend>The key acts as</legend>
<label class="choice"><input type="radio" name="kind" value="user" checked> Me (${esc(viewer.email)}): a user key; what it writes is attributed to me</label>
<label class="choice"><input type="radio" name="kind" value="tenant"> The business: a tenant key, no user (tools that need a user refuse it)</label>
</fieldset>
<fieldset><legend>Scopes</legend>
<label class="choice"><input type="checkbox" id="scope-all" name="all_scopes" value="yes"> All scopes: read and write everything</label>
<p class="muted">Or choose per entity. Write does not include read.</p>
<table class="scopes-grid"><caption class="vh">Scopes per entity</caption><thead><tr><th scope="col">Entity</th><th scope="col">Read</th><th scope="col">Write</th></tr></thead>
<tbody>${grid}</tbody></table>
</fieldset>
<label for="expires">Expires after (days, empty for never)</label><input id="expires" type="number" name="expires_in_days" min="1" max="3650" inputmode="numeric">
<div class="row"><button type="submit">Create key</button></div>
</form></section>`;
}

function appsSection(grants: GrantView[], all: readonly string[]): string {
  const rows = grants
    .map(
      (
        g,
      ) => `<tr><td data-label="App">${esc(g.client_name)}</td><td data-label="User">${esc(g.user_email)}</td><td data-label="Scopes" class="scopes">${esc(scopeList(g.scopes, all))}</td>
<td data-label="Connected">${when(g.granted_at)}</td><td data-label="Last used">${when(g.last_used_at)}</td>
<td data-label="Access"><a href="/settings/api/apps/${esc(g.family_id)}/revoke">Revoke<span class="vh"> ${esc(g.client_name)} for ${esc(g.user_email)}</span></a></td></tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="apps"><h2 id="apps">Connected apps</h2>
<p class="muted">Apps your people connected with “Sign in with Zoop” (OAuth). Last used is the app's latest token refresh.</p>
${
  grants.length
    ? `<table class="stack"><caption class="vh">Connected apps</caption><thead><tr><th scope="col">App</th><th scope="col">User</th><th scope="col">Scopes</th><th scope="col">Connected</th><th scope="col">Last used</th><th scope="col">Access</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No connected apps.</p>'
}</section>`;
}

function auditSection(
  events: AuditRow[],
  f: { tool?: string; actor?: string; error?: string },
  actors: { id: string; label: string }[],
  actorName: (kind: string, id: string | null) => string,
): string {
  const tools = [...new Set(events.map((e) => e.tool))].sort();
  const options = actors.map((a) => `<option value="${esc(a.id)}"${a.id === f.actor ? ' selected' : ''}>${esc(a.label)}</option>`).join('');
  const rows = events
    .map((e) => {
      const changes = JSON.stringify(e.changes);
      return `<tr><td data-label="When">${when(e.at.toISOString())}</td><td data-label="Actor">${esc(actorName(e.actorKind, e.actorId))}</td><td data-label="Tool"><code class="nowrap">${esc(e.tool)}</code></td>
<td data-label="Target"><code>${esc(e.targetId ?? '')}</code></td><td data-label="Changes"><code>${esc(changes.length > 300 ? changes.slice(0, 300) + '…' : changes)}</code></td></tr>`;
    })
    .join('\n');
  return `<section aria-labelledby="audit"><h2 id="audit">Audit</h2>
<form method="get" action="/settings/api#audit" class="row">
<div><label for="audit-tool">Tool</label><input id="audit-tool" type="text" name="tool" list="audit-tools" maxlength="100" value="${esc(f.tool ?? '')}" placeholder="e.g. jobs.create"><datalist id="audit-tools">${tools.map((t) => `<option value="${esc(t)}">`).join('')}</datalist></div>
<div><label for="audit-actor">Actor</label><select id="audit-actor" name="actor"><option value="">Anyone</option>${options}</select></div>
<div><button type="submit" class="secondary">Filter</button> <a href="/settings/api#audit">Clear</a></div>
</form>
${f.error ? `<p class="err" role="alert">${esc(f.error)}</p>` : ''}
${
  events.length
    ? `<table class="stack"><caption>The latest ${events.length} audit event${events.length === 1 ? '' : 's'}${f.tool || f.actor ? ' matching the filter' : ''}</caption><thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Tool</th><th scope="col">Target</th><th scope="col">Changes</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No audit events.</p>'
}</section>`;
}

export interface MainPageData {
  viewer: Viewer;
  tenantName: string;
  keys: KeyRow[];
  users: { id: string; email: string }[];
  grants: GrantView[];
  events: AuditRow[];
  filter: { tool?: string; actor?: string; error?: string };
  notice?: string;
  keyError?: string;
  /** The webhooks section (settings-webhooks.ts), already rendered. */
  webhooks: string;
  /** The entities that have tools and every scope there is (ScopeCatalogue: derived from the tools). */
  entities: readonly string[];
  scopes: readonly string[];
}

export function mainPage(d: MainPageData): string {
  const emails = new Map(d.users.map((u) => [u.id, u.email]));
  const keyNames = new Map(d.keys.map((k) => [k.id, `${k.name ?? 'key'} (${k.prefix}…${k.last4 ?? '????'})`]));
  const actorName = (kind: string, id: string | null) =>
    kind === 'operator' ? 'Operator (admin CLI)' : kind === 'user' ? (emails.get(id!) ?? id!) : `Tenant key ${keyNames.get(id!) ?? id}`;
  const actors = [
    ...d.users.map((u) => ({ id: u.id, label: u.email })),
    ...d.keys.filter((k) => !k.user_id).map((k) => ({ id: k.id, label: `Tenant key ${keyNames.get(k.id)}` })),
    { id: 'operator', label: 'Operator (admin CLI)' },
  ];
  return layout(
    'API & MCP',
    `<h1>API &amp; MCP for ${esc(d.tenantName)}</h1>
${d.notice ? `<p class="notice" role="status">${esc(d.notice)}</p>` : ''}
${keysSection(d.keys, emails, d.scopes)}
${newKeySection(d.viewer, d.entities, d.keyError)}
${appsSection(d.grants, d.scopes)}
${d.webhooks}
${auditSection(d.events, d.filter, actors, actorName)}`,
    d.viewer,
  );
}

/** A copy button for the element `id` (shown by the page's script; without it, the text is selectable). */
export const copyButton = (id: string, what: string) => `<button type="button" class="secondary" data-copy="${id}" hidden>Copy<span class="vh"> ${what}</span></button>`;

export function tokenPage(p: { viewer: Viewer; name: string; token: string; mcpUrl: string }): string {
  const curl = `curl -s -X POST ${p.mcpUrl} \\
  -H "Authorization: Bearer ${p.token}" \\
  -H "Content-Type: application/json" \\
  -H "Accept: application/json, text/event-stream" \\
  -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`;
  const claude = JSON.stringify(
    { mcpServers: { zoop: { command: 'npx', args: ['mcp-remote', p.mcpUrl, '--header', 'Authorization: Bearer ${ZOOP_TOKEN}'], env: { ZOOP_TOKEN: p.token } } } },
    null,
    2,
  );
  const copy = copyButton;
  return layout(
    'Key created',
    `<h1>Key “${esc(p.name)}” created</h1>
<p class="notice" role="status">Copy the key now: Zoop shows it only this once and keeps only a hash of it.</p>
<label for="token">Your new API key</label>
<div class="copy"><input id="token" type="text" readonly value="${esc(p.token)}" spellcheck="false" autocomplete="off">${copy('token', 'the key')}</div>
<p id="copy-status" role="status" aria-live="polite" class="muted"></p>
<h2>Connect a client</h2>
<h3>curl</h3>
<pre id="snippet-curl"><code>${esc(curl)}</code></pre>${copy('snippet-curl', 'the curl command')}
<h3>MCP Inspector</h3>
<p>Run <code>npx @modelcontextprotocol/inspector</code>, choose <em>Streamable HTTP</em>, URL <code>${esc(p.mcpUrl)}</code>, and add the header
<code>Authorization: Bearer ${esc(p.token)}</code>.</p>
<h3>Claude Desktop (through mcp-remote)</h3>
<p>In <code>claude_desktop_config.json</code>:</p>
<pre id="snippet-claude"><code>${esc(claude)}</code></pre>${copy('snippet-claude', 'the Claude Desktop configuration')}
<p><a href="/settings/api#keys">Done: back to API keys</a></p>`,
    p.viewer,
  );
}

export function confirmPage(p: { viewer: Viewer; title: string; text: string; action: string; button: string; back: string }): string {
  return layout(
    p.title,
    `<h1>${esc(p.title)}</h1>
<p>${esc(p.text)}</p>
<form method="post" action="${esc(p.action)}">${csrfField(p.viewer)}
<div class="row"><button type="submit" class="danger">${esc(p.button)}</button><a href="${esc(p.back)}">Cancel</a></div>
</form>`,
    p.viewer,
  );
}
