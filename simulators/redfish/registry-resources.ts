import type { RedfishService } from './service.ts';

/** `/redfish/v1/Registries`: one MessageRegistryFile per registry, the registry itself under `…/Registry`. */
export function registerRegistries(svc: RedfishService): void {
  const root = '/redfish/v1/Registries';
  svc.collection(root, { type: '#MessageRegistryFileCollection.MessageRegistryFileCollection', name: 'Registry File Collection' });
  for (const reg of svc.registries.all) {
    const file = `${root}/${reg.Id}`;
    svc.resource(file, {
      type: '#MessageRegistryFile.v1_1_3.MessageRegistryFile',
      get: () => ({
        Id: reg.Id,
        Name: `${reg.Name} File`,
        Languages: [reg.Language],
        Registry: `${reg.RegistryPrefix}.${reg.RegistryVersion.split('.').slice(0, 2).join('.')}`,
        Location: [{ Language: reg.Language, Uri: `${file}/Registry` }],
      }),
    });
    svc.resource(`${file}/Registry`, {
      type: '#MessageRegistry.v1_6_0.MessageRegistry',
      get: () => {
        const { Id, Name, Language, Description, RegistryPrefix, RegistryVersion, OwningEntity, Messages } = reg;
        return { Id, Name, Language, Description: Description ?? Name, RegistryPrefix, RegistryVersion, OwningEntity, Messages };
      },
    });
  }
}
