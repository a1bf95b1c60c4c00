/** SystemSettings over Redfish: the System's AssetTag, PATCHed with the ETag of a fresh read (If-Match). */
import type { SystemSettings } from '../../capabilities/system-settings.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { optString } from '../json.ts';

export class RedfishSystemSettings implements SystemSettings {
  readonly kind = 'SystemSettings' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async assetTag(signal?: AbortSignal): Promise<string | null> {
    const sig = signal ? { signal } : {};
    return optString(await this.client.getJson(await this.discovery.systemPath(sig), sig), 'AssetTag');
  }

  async setAssetTag(tag: string, signal?: AbortSignal): Promise<void> {
    const sig = signal ? { signal } : {};
    const path = await this.discovery.systemPath(sig);
    await this.client.getJson(path, sig);
    await this.client.patch(path, { AssetTag: tag }, sig);
  }
}
