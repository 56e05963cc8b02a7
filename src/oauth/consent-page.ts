// The sign-in and consent page of /oauth/authorize: small, server-rendered, no script.
import { esc } from '../common/html';

/** A scope in plain words: read:job_series → "See your job series". */
export function describeScope(scope: string): string {
  const [verb, entity] = scope.split(':');
  const what = entity.replace(/_/g, ' ');
  return verb === 'read' ? `See your ${what}` : `Create, change and delete your ${what}`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}label{display:block;margin:.6rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.4rem;box-sizing:border-box}
ul{padding-left:1.2rem}.err{color:#a00;font-weight:600}.warn{background:#fff4d6;padding:.5rem;border-radius:4px}.row{margin-top:1rem;display:flex;gap:.6rem}button{padding:.5rem 1rem}`;

/**
 * The consent page. It names where the browser will be sent (the redirect URI's host), and a client
 * that registered itself (RFC 7591) is marked unverified: its name is whatever it chose to call itself.
 */
export function consentPage(p: {
  clientName: string;
  redirectHost: string;
  unverified: boolean;
  scopes: string[];
  hidden: Record<string, string>;
  error?: string;
  email?: string;
}): string {
  const hidden = Object.entries(p.hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Connect ${esc(p.clientName)} to Zoop</title><style>${STYLE}</style></head>
<body>
<h1>${esc(p.clientName)} wants to use your Zoop account</h1>
${p.unverified ? `<p class="warn" id="unverified"><strong>Unverified application.</strong> It registered itself: Zoop has not checked that it is what its name says. Approve only if you started this connection yourself.</p>` : ''}
<p id="redirect-host">After you answer, you will be sent to <strong>${esc(p.redirectHost)}</strong>.</p>
${p.error ? `<p class="err" role="alert">${esc(p.error)}</p>` : ''}
<p>If you approve, it will be able to:</p>
<ul>${p.scopes.map((s) => `<li>${esc(describeScope(s))} <small>(${esc(s)})</small></li>`).join('')}</ul>
<form method="post" action="/oauth/authorize">
${hidden}
<label for="email">Email</label><input id="email" type="email" name="email" autocomplete="username" value="${esc(p.email ?? '')}">
<label for="password">Password</label><input id="password" type="password" name="password" autocomplete="current-password">
<div class="row"><button type="submit" name="decision" value="approve">Sign in and approve</button>
<button type="submit" name="decision" value="deny">Deny</button></div>
</form>
</body></html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cannot connect to Zoop</title><style>${STYLE}</style></head>
<body><h1>This connection request cannot be completed</h1><p class="err">${esc(message)}</p></body></html>`;
}
