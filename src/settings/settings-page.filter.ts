import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { askAnOwnerPage, badFormPage } from './settings-pages';
import { SettingsRefusal } from './owner-session.guard';
import { SettingsView } from './settings-view';

/** A refused settings request gets a page: the sign-in form (401), "ask an owner" (403) or "form expired" (403). */
@Catch(SettingsRefusal)
@Injectable()
export class SettingsPageFilter implements ExceptionFilter {
  constructor(private readonly view: SettingsView) {}

  catch(err: SettingsRefusal, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err.why === 'signed_out') {
      // the page itself, signed out, is the sign-in form; an action without a session is refused
      const asked = req.method === 'GET' && req.url.split('?')[0] === '/settings/api';
      return this.view.signIn(req, reply, asked ? 200 : 401, asked ? {} : { notice: 'You are signed out. Sign in to continue.' });
    }
    this.view.send(reply, 403, err.why === 'not_owner' ? askAnOwnerPage() : badFormPage());
  }
}
