import { esc } from '../common/html';
import type { EndpointView } from '../webhooks/webhooks.service';
import { ROTATION_OVERLAP_HOURS } from '../webhooks/webhooks.service';
import { confirmPage, copyButton, csrfField, layout, Viewer, when } from './settings-pages';

// The webhooks part of Settings → API & MCP: endpoints through WebhooksService (the admin CLI's
// webhook:* commands), scoped to the owner's tenant.

export interface DeliveryRow {
  id: string;
  type: string;
  status: string;
  attempts: number;
  created_at: string | null;
  last_attempt: { at: string | null; response_code: number | null; outcome: string } | null;
}

/** The event types offered as checkboxes (of the entities that have tools); any other valid type can be typed in. */
const EXTRA_EVENTS = ['jobs.status_changed', 'jobs.cancelled', 'invoices.voided'];
export const eventChoices = (entities: readonly string[]) => [...entities.flatMap((e) => [`${e}.created`, `${e}.updated`]), ...EXTRA_EVENTS];

const status = (e: EndpointView) =>
  e.disabled ? `<span class="revoked">Disabled ${when(e.disabled_at)}${e.disabled_reason ? ` (${esc(e.disabled_reason)})` : ''}</span>` : 'Enabled';
const events = (list: string[]) => (list.includes('all') ? 'all' : list.join(', '));

export function webhooksSection(viewer: Viewer, endpoints: EndpointView[], entities: readonly string[], error?: string): string {
  const rows = endpoints
    .map(
      (e) => `<tr${e.disabled ? ' class="revoked"' : ''}><td data-label="URL"><code>${esc(e.url)}</code></td><td data-label="Events" class="scopes">${esc(events(e.events))}</td>
<td data-label="Description">${esc(e.description ?? '')}</td><td data-label="Status">${status(e)}</td><td data-label="Created">${when(e.created_at)}</td>
<td data-label="Manage"><a href="/settings/api/webhooks/${esc(e.id)}">Deliveries and settings<span class="vh"> of ${esc(e.url)}</span></a></td></tr>`,
    )
    .join('\n');
  const boxes = eventChoices(entities)
    .map((t, i) => `<label class="choice"><input type="checkbox" id="ev-${i}" name="event" value="${esc(t)}"> ${esc(t)}</label>`)
    .join('\n');
  return `<section aria-labelledby="webhooks"><h2 id="webhooks">Webhooks</h2>
<p class="muted">Zoop posts an event, signed with the endpoint's secret (Standard Webhooks), to each endpoint subscribed to it.</p>
${
  endpoints.length
    ? `<table class="stack"><caption class="vh">Webhook endpoints</caption><thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Description</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Manage</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No webhook endpoints.</p>'
}
<h3 id="new-webhook">Add an endpoint</h3>
${error ? `<p class="err" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/settings/api/webhooks">
${csrfField(viewer)}
<label for="webhook-url">URL (https, a public address)</label><input id="webhook-url" type="url" name="url" required maxlength="2048" placeholder="https://example.com/zoop-events">
<fieldset><legend>Events</legend>
<label class="choice"><input type="checkbox" id="events-all" name="all_events" value="yes"> All events</label>
<p class="muted">Or choose some:</p>
<div class="events-grid">${boxes}</div>
<label for="more-events">Other event types (comma-separated, e.g. quotes.deleted)</label><input id="more-events" type="text" name="more_events" maxlength="2000">
</fieldset>
<label for="webhook-description">Description (optional)</label><input id="webhook-description" type="text" name="description" maxlength="500">
<div class="row"><button type="submit">Add endpoint</button></div>
</form></section>`;
}

/** The secret, shown once (after creating an endpoint or rotating its secret). */
export function secretPage(p: { viewer: Viewer; title: string; secret: string; rotated: boolean; endpointId: string }): string {
  return layout(
    p.title,
    `<h1>${esc(p.title)}</h1>
<p class="notice" role="status">Copy the signing secret now: Zoop shows it only this once.${
      p.rotated ? ` The previous secret keeps signing beside it for ${ROTATION_OVERLAP_HOURS} hours, so update your receiver before then.` : ''
    }</p>
<label for="secret">Signing secret</label>
<div class="copy"><input id="secret" type="text" readonly value="${esc(p.secret)}" spellcheck="false" autocomplete="off">${copyButton('secret', 'the secret')}</div>
<p id="copy-status" role="status" aria-live="polite" class="muted"></p>
<p>Verify each delivery's <code>webhook-signature</code> header with it (any Standard Webhooks library does).</p>
<p><a href="/settings/api/webhooks/${esc(p.endpointId)}">Done: back to the endpoint</a></p>`,
    p.viewer,
  );
}

export function endpointPage(p: { viewer: Viewer; endpoint: EndpointView; deliveries: DeliveryRow[]; notice?: string }): string {
  const e = p.endpoint;
  const post = (action: string, button: string, cls = 'secondary') =>
    `<form method="post" action="/settings/api/webhooks/${esc(e.id)}/${action}">${csrfField(p.viewer)}<button type="submit" class="${cls}">${button}</button></form>`;
  const rows = p.deliveries
    .map(
      (d) => `<tr><td data-label="Event"><code class="nowrap">${esc(d.type)}</code></td><td data-label="Status">${esc(d.status)}</td><td data-label="Attempts">${d.attempts}</td>
<td data-label="Response">${d.last_attempt?.response_code ?? `<span class="muted">${esc(d.last_attempt?.outcome ?? 'none yet')}</span>`}</td><td data-label="Created">${when(d.created_at)}</td>
<td data-label="Last try">${when(d.last_attempt?.at)}</td>
<td data-label="Re-send"><form method="post" action="/settings/api/webhooks/${esc(e.id)}/deliveries/${esc(d.id)}/resend">${csrfField(p.viewer)}<button type="submit" class="secondary">Re-send<span class="vh"> ${esc(d.type)} of ${when(d.created_at)}</span></button></form></td></tr>`,
    )
    .join('\n');
  return layout(
    'Webhook endpoint',
    `<h1>Webhook endpoint</h1>
${p.notice ? `<p class="notice" role="status">${esc(p.notice)}</p>` : ''}
<dl><dt>URL</dt><dd><code>${esc(e.url)}</code></dd><dt>Events</dt><dd>${esc(events(e.events))}</dd><dt>Description</dt><dd>${esc(e.description ?? '—')}</dd>
<dt>Status</dt><dd>${status(e)}</dd><dt>Created</dt><dd>${when(e.created_at)}</dd></dl>
<div class="row">${post('rotate', 'Rotate secret')}${e.disabled ? post('enable', 'Enable') : post('disable', 'Disable')}<a href="/settings/api/webhooks/${esc(e.id)}/delete">Delete<span class="vh"> endpoint ${esc(e.url)}</span></a></div>
<h2 id="deliveries">Latest deliveries</h2>
${
  p.deliveries.length
    ? `<table class="stack"><caption class="vh">Latest deliveries, newest first</caption><thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Response</th><th scope="col">Created</th><th scope="col">Last attempt</th><th scope="col">Re-send</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No deliveries yet.</p>'
}
<p><a href="/settings/api#webhooks">Back to webhooks</a></p>`,
    p.viewer,
  );
}

export const deleteEndpointPage = (viewer: Viewer, e: EndpointView) =>
  confirmPage({
    viewer,
    title: `Delete the webhook endpoint ${e.url}?`,
    text: 'Zoop stops sending events to it, and its pending deliveries are dropped. This cannot be undone.',
    action: `/settings/api/webhooks/${e.id}/delete`,
    button: 'Delete endpoint',
    back: `/settings/api/webhooks/${e.id}`,
  });
