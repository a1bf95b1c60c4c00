import { checkRole } from './auth.ts';
import { baseError } from './errors.ts';
import type { RedfishService } from './service.ts';
import { ROLES, type Role } from './types.ts';
import { validateBody } from './validate.ts';

const ACCOUNTS = '/redfish/v1/AccountService/Accounts';
const ROLES_PATH = '/redfish/v1/AccountService/Roles';

const PRIVILEGES: Record<Role, string[]> = {
  Administrator: ['Login', 'ConfigureManager', 'ConfigureUsers', 'ConfigureSelf', 'ConfigureComponents'],
  Operator: ['Login', 'ConfigureSelf', 'ConfigureComponents'],
  ReadOnly: ['Login', 'ConfigureSelf'],
};

const MIN_PASSWORD = 4;
const MAX_PASSWORD = 64;

/** AccountService with Accounts (Administrator-only writes) and the three fixed Roles. */
/** The account every emulated BMC has unless told otherwise (documented in the README; not a secret). */
export const DEFAULT_ACCOUNT = { user: 'admin', password: 'ftlab' } as const;

export class AccountServiceResources {
  constructor(private readonly svc: RedfishService) {}

  register(): void {
    const svc = this.svc;
    svc.resource('/redfish/v1/AccountService', {
      type: '#AccountService.v1_15_0.AccountService',
      get: () => ({
        Id: 'AccountService',
        Name: 'Account Service',
        ServiceEnabled: true,
        MinPasswordLength: MIN_PASSWORD,
        MaxPasswordLength: MAX_PASSWORD,
        AccountLockoutThreshold: svc.auth.lockout.threshold,
        AccountLockoutDuration: svc.auth.lockout.durationSec,
        AccountLockoutCounterResetAfter: svc.auth.lockout.resetAfterSec,
        Accounts: { '@odata.id': ACCOUNTS },
        Roles: { '@odata.id': ROLES_PATH },
        Status: { State: 'Enabled', Health: 'OK' },
      }),
      patch: {
        minRole: 'Administrator',
        writable: {
          AccountLockoutThreshold: { type: 'integer', min: 0, max: 1000 },
          AccountLockoutDuration: { type: 'integer', min: 0, max: 86400 },
          AccountLockoutCounterResetAfter: { type: 'integer', min: 0, max: 86400 },
        },
        apply: (c) => {
          const lock = svc.auth.lockout;
          const duration = typeof c.AccountLockoutDuration === 'number' ? c.AccountLockoutDuration : lock.durationSec;
          const resetAfter = typeof c.AccountLockoutCounterResetAfter === 'number' ? c.AccountLockoutCounterResetAfter : lock.resetAfterSec;
          // The schema: the counter reset period shall not exceed the lockout duration (0 = no automatic unlock).
          if (duration > 0 && resetAfter > duration) throw baseError(400, 'PropertyValueIncorrect', ['AccountLockoutCounterResetAfter', String(resetAfter)]);
          if (typeof c.AccountLockoutThreshold === 'number') lock.threshold = c.AccountLockoutThreshold;
          lock.durationSec = duration;
          lock.resetAfterSec = resetAfter;
        },
      },
    });
    svc.collection(ROLES_PATH, {
      type: '#RoleCollection.RoleCollection',
      name: 'Roles Collection',
      members: () => ROLES.map((r) => `${ROLES_PATH}/${r}`),
    });
    for (const role of ROLES) {
      svc.resource(`${ROLES_PATH}/${role}`, {
        type: '#Role.v1_3_2.Role',
        get: () => ({ Id: role, Name: `${role} Role`, RoleId: role, IsPredefined: true, AssignedPrivileges: PRIVILEGES[role] }),
      });
    }
    svc.collection(ACCOUNTS, {
      type: '#ManagerAccountCollection.ManagerAccountCollection',
      name: 'Accounts Collection',
      post: {
        minRole: 'Administrator',
        handler: (body) => {
          const b = validateBody(
            body,
            {
              UserName: { type: 'string', minLength: 1, maxLength: 64, pattern: /^[^:\s]+$/ },
              Password: { type: 'string', minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD },
              RoleId: { type: 'string', enum: ROLES },
              Enabled: { type: 'boolean' },
            },
            { required: ['UserName', 'Password', 'RoleId'] },
          );
          if (svc.auth.findByUser(b.UserName as string)) throw baseError(409, 'ResourceAlreadyExists', ['ManagerAccount', 'UserName', b.UserName as string]);
          const acc = svc.auth.addAccount({ user: b.UserName as string, password: b.Password as string, role: checkRole(b.RoleId, 'RoleId') });
          if (b.Enabled === false) svc.auth.updateAccount(acc.id, { enabled: false });
          this.registerAccount(acc.id);
          return { path: `${ACCOUNTS}/${acc.id}` };
        },
      },
    });
    for (const id of svc.auth.accounts.keys()) this.registerAccount(id);
  }

  private registerAccount(id: string): void {
    const svc = this.svc;
    const path = `${ACCOUNTS}/${id}`;
    svc.resource(path, {
      type: '#ManagerAccount.v1_12_0.ManagerAccount',
      get: () => {
        const a = svc.auth.accounts.get(id);
        return {
          Id: id,
          Name: 'User Account',
          UserName: a?.user,
          Password: null,
          RoleId: a?.role,
          AccountTypes: ['Redfish'],
          Enabled: a?.enabled,
          Locked: svc.auth.isLocked(id),
          Links: { Role: { '@odata.id': `${ROLES_PATH}/${a?.role ?? 'ReadOnly'}` } },
        };
      },
      patch: {
        minRole: 'Administrator',
        writable: {
          Password: { type: 'string', minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD },
          RoleId: { type: 'string', enum: ROLES },
          Enabled: { type: 'boolean' },
          Locked: { type: 'boolean' },
        },
        apply: (c) => {
          if (c.Locked === true) throw baseError(400, 'PropertyValueIncorrect', ['Locked', 'true']);
          if (c.Locked === false) svc.auth.unlock(id);
          svc.auth.updateAccount(id, {
            ...(typeof c.Password === 'string' ? { password: c.Password } : {}),
            ...(typeof c.RoleId === 'string' ? { role: checkRole(c.RoleId, 'RoleId') } : {}),
            ...(typeof c.Enabled === 'boolean' ? { enabled: c.Enabled } : {}),
          });
        },
      },
      deleteMinRole: 'Administrator',
      delete: () => {
        svc.auth.removeAccount(id);
        svc.router.remove(path);
      },
    });
  }
}
