/** The top-level collections: Systems, Chassis, Managers. */
import { ENCLOSURE, MANAGER, SYSTEM, moduleUri } from '../uris.ts';
import type { ProjectionContext } from './common.ts';

export function mountCollections({ svc }: ProjectionContext): void {
  svc.collection('/redfish/v1/Systems', { type: '#ComputerSystemCollection.ComputerSystemCollection', name: 'Computer System Collection', members: () => [SYSTEM] });
  svc.collection('/redfish/v1/Chassis', {
    type: '#ChassisCollection.ChassisCollection',
    name: 'Chassis Collection',
    members: () => [ENCLOSURE, moduleUri(0), moduleUri(1)],
  });
  svc.collection('/redfish/v1/Managers', { type: '#ManagerCollection.ManagerCollection', name: 'Manager Collection', members: () => [MANAGER] });
}
