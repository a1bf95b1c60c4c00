import { baseError } from './errors.ts';
import type { RedfishService } from './service.ts';
import { validateBody } from './validate.ts';

const SESSIONS = '/redfish/v1/SessionService/Sessions';

/** SessionService, the Sessions collection (POST = login, no auth needed) and one resource per session. */
export function registerSessionService(svc: RedfishService): void {
  const auth = svc.auth;
  svc.resource('/redfish/v1/SessionService', {
    type: '#SessionService.v1_1_9.SessionService',
    get: () => ({
      Id: 'SessionService',
      Name: 'Session Service',
      ServiceEnabled: true,
      SessionTimeout: auth.sessionTimeoutSec,
      Sessions: { '@odata.id': SESSIONS },
      Status: { State: 'Enabled', Health: 'OK' },
    }),
    patch: {
      minRole: 'Administrator',
      writable: { SessionTimeout: { type: 'integer', min: 30, max: 86400 } },
      apply: (c) => {
        if (typeof c.SessionTimeout === 'number') auth.sessionTimeoutSec = c.SessionTimeout;
      },
    },
  });

  const sessionPath = (id: string): string => `${SESSIONS}/${id}`;
  svc.collection(SESSIONS, {
    type: '#SessionCollection.SessionCollection',
    name: 'Session Collection',
    members: () => {
      auth.expireIdle();
      return [...auth.sessions.keys()].map(sessionPath);
    },
    anonymousPost: true,
    post: {
      handler: (body) => {
        const b = validateBody(body, { UserName: { type: 'string' }, Password: { type: 'string' } }, { required: ['UserName', 'Password'] });
        const acc = auth.verify(b.UserName as string, b.Password as string);
        if (!acc) throw baseError(401, 'ResourceAtUriUnauthorized', [SESSIONS, 'invalid user name or password']);
        const s = auth.createSession(acc);
        const path = sessionPath(s.id);
        svc.resource(path, {
          type: '#Session.v1_7_0.Session',
          get: () => ({ Id: s.id, Name: `Session ${s.id}`, UserName: s.user, SessionType: 'Redfish', Password: null }),
          deleteMinRole: 'ReadOnly',
          delete: (ctx) => {
            if (ctx.role !== 'Administrator' && ctx.user !== s.user) throw baseError(403, 'InsufficientPrivilege');
            auth.endSession(s.id);
          },
        });
        svc.logger.info('session created', { user: s.user, session: s.id });
        return { path, headers: { 'X-Auth-Token': s.token } };
      },
    },
  });

  // Keep the per-session resources in step with the store (logout, expiry, account removal).
  auth.onSessionEnd = (id) => svc.router.remove(sessionPath(id));
}
