/** The decision core's contract lives in the failover domain (lib/domains/failover/manager.ts), where the harness's driver reads the same shapes. */
export type * from '../../../lib/domains/failover/manager.ts';
