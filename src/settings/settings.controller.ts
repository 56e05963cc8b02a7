import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminActor, AuditService } from '../audit/audit.service';
import { ScopeCatalogue } from '../auth/scope-catalogue';
import { DomainError } from '../common/errors';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { OAuthService } from '../oauth/oauth.service';
import { SignInService } from '../oauth/sign-in.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { Owner, OwnerSessionGuard, sameOrigin, SettingsRefusal } from './owner-session.guard';
import { SETTINGS_CSS, SETTINGS_JS } from './settings-assets';
import { SettingsPageFilter } from './settings-page.filter';
import { askAnOwnerPage, confirmPage, mainPage, notFoundPage, tokenPage, Viewer } from './settings-pages';
import { SettingsSessions, SignedIn } from './settings-sessions.service';
import { SettingsView } from './settings-view';
import { deleteEndpointPage, endpointPage, eventChoices, secretPage, webhooksSection } from './settings-webhooks';
import { WebhooksService } from '../webhooks/webhooks.service';
import { ALL } from '../auth/scope-policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One string value of a form or query field; repeated or absent → undefined. Bounded. */
function field(source: unknown, name: string, max = 1024): string | undefined {
  const v = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

/** Every value of a repeatable form field (checkboxes), at most `max` of them. */
function fields(source: unknown, name: string, max: number): string[] {
  const v = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return list.slice(0, max);
}

/** The request id of an audit row written from the settings page. */
const requestId = () => `settings-${randomUUID()}`;

const NOTICES: Record<string, string> = {
  key_revoked: 'The key is revoked: calls with it are refused from now on.',
  app_revoked: 'The app is disconnected: its tokens stopped working.',
  signed_out: 'You are signed out.',
  webhook_deleted: 'The webhook endpoint is deleted.',
  webhook_disabled: 'The endpoint is disabled: events are no longer sent to it.',
  webhook_enabled: 'The endpoint is enabled: pending deliveries resume.',
  webhook_resent: 'The event is queued to be sent again (same webhook-id).',
};

/** A DomainError as one line for the page. */
const errorText = (err: DomainError) => (err.issues?.length ? err.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : err.message);

/**
 * Settings → API & MCP: owners sign in (the consent page's accounts and throttle), manage API keys
 * through TenancyService (the admin CLI's service, so the same rules, storage and audit rows),
 * see and revoke OAuth grants, and read the audit trail. Server-rendered, plain forms.
 */
@Controller('settings')
@UseFilters(SettingsPageFilter)
export class SettingsController {
  constructor(
    private readonly sessions: SettingsSessions,
    private readonly view: SettingsView,
    private readonly signIn: SignInService,
    private readonly tenancy: TenancyService,
    private readonly oauth: OAuthService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhooksService,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly scopeCatalogue: ScopeCatalogue,
  ) {}

  @Get('assets/settings.css')
  css(@Res() reply: FastifyReply) {
    reply.header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').type('text/css; charset=utf-8').send(SETTINGS_CSS);
  }

  @Get('assets/settings.js')
  js(@Res() reply: FastifyReply) {
    reply.header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').type('text/javascript; charset=utf-8').send(SETTINGS_JS);
  }

  @Post('api/sign-in')
  async signInPost(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (!sameOrigin(req, this.config.publicUrl) || !this.view.signInFormValid(req, field(req.body, 'csrf_token'))) throw new SettingsRefusal('bad_form');
    const email = field(req.body, 'email', 320);
    // the consent page's sign-in: same accounts, same throttles (per address+account, address, global)
    const result = await this.signIn.attempt({ email, password: field(req.body, 'password'), address: req.ip });
    if (!result.ok && result.reason === 'throttled') {
      reply.header('retry-after', String(result.retryAfterSeconds));
      return this.view.signIn(req, reply, 429, { email, error: `Too many failed sign-ins. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.` });
    }
    if (!result.ok) return this.view.signIn(req, reply, 401, { email, error: 'Wrong email or password.' });
    if (result.user.role !== 'owner') return this.view.send(reply, 403, askAnOwnerPage());
    this.view.setSession(reply, await this.sessions.start(result.user));
    return reply.redirect('/settings/api', 303);
  }

  @Post('api/sign-out')
  @UseGuards(OwnerSessionGuard)
  async signOut(@Owner() me: SignedIn, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    await this.sessions.end(me.session);
    this.view.clearSession(reply);
    return this.view.signIn(req, reply, 200, { notice: NOTICES.signed_out });
  }

  @Get('api')
  @UseGuards(OwnerSessionGuard)
  async page(@Owner() me: SignedIn, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const notice = NOTICES[field(req.query, 'notice', 40) ?? ''];
    return this.view.send(reply, 200, await this.render(me, req.query, { notice }));
  }

  @Post('api/keys')
  @UseGuards(OwnerSessionGuard)
  async createKey(@Owner() me: SignedIn, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const body = req.body;
    const name = field(body, 'name', 200)?.trim();
    const days = field(body, 'expires_in_days', 10)?.trim();
    try {
      if (!name) throw new DomainError('invalid_input', 'Give the key a name (at most 200 characters).');
      if (days && !/^\d+$/.test(days)) throw new DomainError('invalid_input', 'Expires after: a whole number of days from 1 to 3650, or empty for never.');
      const all = this.scopeCatalogue.scopes;
      // "All scopes" is stored as `all`, as `key:issue --scopes all` does: it covers entities added later
      const scopes = field(body, 'all_scopes') === 'yes' ? [ALL] : fields(body, 'scope', all.length + 1);
      const key = await this.tenancy.issueKey({
        tenantId: me.user.tenantId,
        userId: field(body, 'kind') === 'tenant' ? null : me.user.id,
        scopes,
        name,
        expiresInDays: days ? Number(days) : null,
        auditAs: this.actor(me),
        requestId: requestId(),
      });
      return this.view.send(reply, 200, tokenPage({ viewer: this.viewer(me), name, token: key.token, mcpUrl: this.view.mcpUrl }));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return this.view.send(reply, 400, await this.render(me, {}, { keyError: errorText(err) }));
    }
  }

  @Get('api/keys/:id/revoke')
  @UseGuards(OwnerSessionGuard)
  async confirmRevokeKey(@Owner() me: SignedIn, @Param('id') id: string, @Res() reply: FastifyReply) {
    const key = UUID.test(id) ? (await this.tenancy.listKeys(me.user.tenantId)).find((k) => k.id === id.toLowerCase()) : undefined;
    if (!key) return this.view.send(reply, 404, notFoundPage('API key'));
    return this.view.send(
      reply,
      200,
      confirmPage({
        viewer: this.viewer(me),
        title: `Revoke the key “${key.name ?? key.prefix}”?`,
        text: 'Every agent or client using this key is refused from its next call. This cannot be undone.',
        action: `/settings/api/keys/${key.id}/revoke`,
        button: 'Revoke key',
        back: '/settings/api#keys',
      }),
    );
  }

  @Post('api/keys/:id/revoke')
  @UseGuards(OwnerSessionGuard)
  async revokeKey(@Owner() me: SignedIn, @Param('id') id: string, @Res() reply: FastifyReply) {
    try {
      await this.tenancy.revokeKey(id, { tenantId: me.user.tenantId, auditAs: this.actor(me), requestId: requestId() });
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not_found') return this.view.send(reply, 404, notFoundPage('API key'));
      throw err;
    }
    return reply.redirect('/settings/api?notice=key_revoked#keys', 303);
  }

  @Get('api/apps/:family/revoke')
  @UseGuards(OwnerSessionGuard)
  async confirmRevokeApp(@Owner() me: SignedIn, @Param('family') family: string, @Res() reply: FastifyReply) {
    const grant = (await this.oauth.grants(me.user.tenantId)).find((g) => g.family_id === family.toLowerCase());
    if (!grant) return this.view.send(reply, 404, notFoundPage('connected app'));
    return this.view.send(
      reply,
      200,
      confirmPage({
        viewer: this.viewer(me),
        title: `Disconnect ${grant.client_name} for ${grant.user_email}?`,
        text: 'Its access and refresh tokens stop working at once; the user has to sign in and approve it again to reconnect.',
        action: `/settings/api/apps/${grant.family_id}/revoke`,
        button: 'Revoke access',
        back: '/settings/api#apps',
      }),
    );
  }

  @Post('api/apps/:family/revoke')
  @UseGuards(OwnerSessionGuard)
  async revokeApp(@Owner() me: SignedIn, @Param('family') family: string, @Res() reply: FastifyReply) {
    try {
      await this.oauth.revokeGrant(me.user.tenantId, family, { auditAs: this.actor(me), requestId: requestId() });
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not_found') return this.view.send(reply, 404, notFoundPage('connected app'));
      throw err;
    }
    return reply.redirect('/settings/api?notice=app_revoked#apps', 303);
  }

  // Webhooks: WebhooksService (the admin CLI's webhook:* commands), every call scoped to the owner's
  // tenant, so another tenant's endpoint or delivery is not found.

  @Post('api/webhooks')
  @UseGuards(OwnerSessionGuard)
  async createWebhook(@Owner() me: SignedIn, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const body = req.body;
    const more = field(body, 'more_events', 2000) ?? '';
    const events = field(body, 'all_events') === 'yes' ? 'all' : [...fields(body, 'event', eventChoices(this.scopeCatalogue.entities).length), more].join(',');
    const description = field(body, 'description', 500)?.trim() || undefined;
    try {
      const url = field(body, 'url', 2048);
      if (!url?.trim()) throw new DomainError('invalid_input', 'url: give the endpoint an https URL (at most 2048 characters).');
      const created = await this.webhooks.create({ tenantId: me.user.tenantId, url, events, description });
      return this.view.send(reply, 200, secretPage({ viewer: this.viewer(me), title: 'Webhook endpoint added', secret: created.secret, rotated: false, endpointId: created.id }));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return this.view.send(reply, 400, await this.render(me, {}, { webhookError: errorText(err) }));
    }
  }

  @Get('api/webhooks/:id')
  @UseGuards(OwnerSessionGuard)
  async webhook(@Owner() me: SignedIn, @Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const endpoint = await this.endpointOf(me, id);
    if (!endpoint) return this.view.send(reply, 404, notFoundPage('webhook endpoint'));
    const deliveries = await this.webhooks.deliveries(endpoint.id, 50, { tenantId: me.user.tenantId });
    const notice = NOTICES[field(req.query, 'notice', 40) ?? ''];
    return this.view.send(reply, 200, endpointPage({ viewer: this.viewer(me), endpoint, deliveries, notice }));
  }

  @Post('api/webhooks/:id/rotate')
  @UseGuards(OwnerSessionGuard)
  async rotateWebhook(@Owner() me: SignedIn, @Param('id') id: string, @Res() reply: FastifyReply) {
    const rotated = await this.scoped(reply, 'webhook endpoint', id, () => this.webhooks.rotateSecret(id, { tenantId: me.user.tenantId }));
    if (!rotated) return;
    return this.view.send(reply, 200, secretPage({ viewer: this.viewer(me), title: 'Webhook secret rotated', secret: rotated.secret, rotated: true, endpointId: rotated.id }));
  }

  @Post('api/webhooks/:id/disable')
  @UseGuards(OwnerSessionGuard)
  disableWebhook(@Owner() me: SignedIn, @Param('id') id: string, @Res() reply: FastifyReply) {
    return this.switchWebhook(me, id, true, reply);
  }

  @Post('api/webhooks/:id/enable')
  @UseGuards(OwnerSessionGuard)
  enableWebhook(@Owner() me: SignedIn, @Param('id') id: string, @Res() reply: FastifyReply) {
    return this.switchWebhook(me, id, false, reply);
  }

  private async switchWebhook(me: SignedIn, id: string, disabled: boolean, reply: FastifyReply) {
    if (!(await this.scoped(reply, 'webhook endpoint', id, () => this.webhooks.update(id, { disabled }, { tenantId: me.user.tenantId })))) return;
    return reply.redirect(`/settings/api/webhooks/${id.toLowerCase()}?notice=webhook_${disabled ? 'disabled' : 'enabled'}`, 303);
  }

  @Get('api/webhooks/:id/delete')
  @UseGuards(OwnerSessionGuard)
  async confirmDeleteWebhook(@Owner() me: SignedIn, @Param('id') id: string, @Res() reply: FastifyReply) {
    const endpoint = await this.endpointOf(me, id);
    if (!endpoint) return this.view.send(reply, 404, notFoundPage('webhook endpoint'));
    return this.view.send(reply, 200, deleteEndpointPage(this.viewer(me), endpoint));
  }

  @Post('api/webhooks/:id/delete')
  @UseGuards(OwnerSessionGuard)
  async deleteWebhook(@Owner() me: SignedIn, @Param('id') id: string, @Res() reply: FastifyReply) {
    if (!(await this.scoped(reply, 'webhook endpoint', id, () => this.webhooks.delete(id, { tenantId: me.user.tenantId })))) return;
    return reply.redirect('/settings/api?notice=webhook_deleted#webhooks', 303);
  }

  @Post('api/webhooks/:id/deliveries/:delivery/resend')
  @UseGuards(OwnerSessionGuard)
  async resend(@Owner() me: SignedIn, @Param('id') id: string, @Param('delivery') delivery: string, @Res() reply: FastifyReply) {
    const sent = await this.scoped(reply, 'webhook delivery', delivery, () => this.webhooks.redeliver(delivery, { tenantId: me.user.tenantId }));
    if (!sent) return;
    return reply.redirect(`/settings/api/webhooks/${sent.endpoint_id}?notice=webhook_resent#deliveries`, 303);
  }

  /** The owner's endpoint with that id, or undefined (not an id, or another tenant's). */
  private async endpointOf(me: SignedIn, id: string) {
    return UUID.test(id) ? (await this.webhooks.list(me.user.tenantId)).find((e) => e.id === id.toLowerCase()) : undefined;
  }

  /** Runs a tenant-scoped call; a malformed id or not_found answers the 404 page (and gives undefined). */
  private async scoped<T>(reply: FastifyReply, what: string, id: string, call: () => Promise<T>): Promise<T | undefined> {
    if (UUID.test(id)) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof DomainError && err.kind === 'not_found')) throw err;
      }
    }
    this.view.send(reply, 404, notFoundPage(what));
    return undefined;
  }

  private actor(me: SignedIn): AdminActor {
    return { kind: 'user', userId: me.user.id };
  }

  private viewer(me: SignedIn): Viewer {
    return { email: me.user.email, csrf: me.csrf };
  }

  private async render(me: SignedIn, query: unknown, extra: { notice?: string; keyError?: string; webhookError?: string }) {
    const tenantId = me.user.tenantId;
    const filter: { tool?: string; actor?: string; error?: string } = {
      tool: field(query, 'tool', 100)?.trim() || undefined,
      actor: field(query, 'actor', 40)?.trim() || undefined,
    };
    const [tenant, keys, users, grants, endpoints] = await Promise.all([
      this.tenancy.getTenant(tenantId),
      this.tenancy.listKeys(tenantId, { withDetails: true }),
      this.tenancy.listUsers(tenantId),
      this.oauth.grants(tenantId),
      this.webhooks.list(tenantId),
    ]);
    let events: Awaited<ReturnType<AuditService['events']>> = [];
    try {
      events = await this.audit.events(tenantId, { limit: 100, tool: filter.tool, actor: filter.actor });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      filter.error = errorText(err);
    }
    const { webhookError, ...rest } = extra;
    const { entities, scopes } = this.scopeCatalogue;
    const webhooks = webhooksSection(this.viewer(me), endpoints, entities, webhookError);
    return mainPage({ viewer: this.viewer(me), tenantName: tenant.name, keys, users, grants, events, filter, webhooks, entities, scopes, ...rest });
  }
}
