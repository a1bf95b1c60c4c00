/** Identity of a command: name for messages, request netFn and command number. */
export interface CommandSpec {
  readonly name: string;
  readonly netFn: number;
  readonly cmd: number;
}

export const PRIVILEGE = { CALLBACK: 1, USER: 2, OPERATOR: 3, ADMINISTRATOR: 4, OEM: 5 } as const;
export type PrivilegeName = 'callback' | 'user' | 'operator' | 'administrator';
export const PRIVILEGE_BY_NAME: Readonly<Record<PrivilegeName, number>> = { callback: 1, user: 2, operator: 3, administrator: 4 };
