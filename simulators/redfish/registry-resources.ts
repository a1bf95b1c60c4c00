import type { RegistryMessage } from './registries.ts';
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
    const messages = withDescriptions(reg.Messages);
    svc.resource(`${file}/Registry`, {
      type: '#MessageRegistry.v1_6_0.MessageRegistry',
      get: () => {
        const { Id, Name, Language, Description, RegistryPrefix, RegistryVersion, OwningEntity } = reg;
        return { Id, Name, Language, Description: Description ?? Name, RegistryPrefix, RegistryVersion, OwningEntity, Messages: messages };
      },
    });
  }
}

/** Every message must have a `Description` (MessageRegistry schema); a registry without one gets its Message text. */
function withDescriptions(messages: Record<string, RegistryMessage>): Record<string, RegistryMessage> {
  if (Object.values(messages).every((m) => typeof m.Description === 'string')) return messages;
  const out: Record<string, RegistryMessage> = {};
  for (const [key, m] of Object.entries(messages)) out[key] = typeof m.Description === 'string' ? m : { Description: describe(m), ...m };
  return out;
}

/** `The %2 subsystem of module %1 was isolated.` → `The <arg 2> subsystem of module <arg 1> was isolated.` */
function describe(m: RegistryMessage): string {
  return m.Message.replace(/%(\d+)/g, (_w, n: string) => `<arg ${n}>`);
}
