/** Actions of a Module chassis: Chassis.Reset (a re-integration answers 202 with its Task) and FtLab ClearErrorHistory. */
import { MODULE_RESET_TYPES, SUBSYSTEMS, type ModuleIndex } from '../types.ts';
import { moduleUri } from '../uris.ts';
import { member, rejection, type ProjectionContext } from './common.ts';

export function mountModuleActions({ svc, model, publisher }: ProjectionContext, m: ModuleIndex): void {
  const uri = moduleUri(m);
  svc.action(uri, '#Chassis.Reset', {
    parameters: { ResetType: { type: 'string', allowable: MODULE_RESET_TYPES, required: true } },
    handler: (params) => {
      let resync: number | null;
      try {
        resync = model.resetModule(m, member(MODULE_RESET_TYPES, params.ResetType, 'ResetType'));
      } catch (e) {
        rejection(e);
      }
      const task = resync === null ? undefined : publisher.task(resync);
      return task ? { status: 202, task } : undefined;
    },
  });
  svc.action(uri, '#FtLabChassis.ClearErrorHistory', {
    oem: true,
    parameters: { Subsystem: { type: 'string', allowable: SUBSYSTEMS } },
    handler: (params) => {
      try {
        model.clearErrorHistory(m, params.Subsystem === undefined ? null : member(SUBSYSTEMS, params.Subsystem, 'Subsystem'));
      } catch (e) {
        rejection(e);
      }
      return undefined;
    },
  });
}
