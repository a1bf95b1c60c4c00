/** The ft server as a lab-host device kind: startFtServer on the lab clock, plus IPMI. */
import { ConfigError, FtlabError, InfraError, errorMessage } from '../../lib/errors.ts';
import { startIpmiFor } from './ipmi-adapter.ts';
import { parseDefects } from './defects.ts';
import { loadDefaultProfile, loadProfile } from './profile.ts';
import { startFtServer } from './server.ts';
import type { DeviceKind, HostContext, HostedDevice, HostedDeviceSpec } from '../host/device-kind.ts';

function profileOf(spec: HostedDeviceSpec, where: string) {
  if (spec.profile === undefined) return loadDefaultProfile();
  try {
    return loadProfile(spec.profile);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${where}.profile: ${e.where}`, e.expectation, { cause: e });
    throw e;
  }
}

async function start(spec: HostedDeviceSpec, ctx: HostContext): Promise<HostedDevice> {
  const logger = ctx.logger.child({ device: spec.name });
  const server = await startFtServer({
    name: spec.name,
    host: ctx.bind,
    port: spec.ports.redfish ?? 0,
    profile: profileOf(spec, spec.name),
    timeScale: ctx.timeScale,
    labClock: ctx.clock,
    defects: parseDefects(spec.defects, `${spec.name}: defects`),
    accounts: [{ user: ctx.account.user, password: ctx.account.password, role: 'Administrator' }],
    workloadUdpPort: spec.ports.udp ?? 0,
    workloadTcpPort: spec.ports.tcp ?? 0,
    logger,
    ...(ctx.tls ? { tls: ctx.tls } : {}),
  });
  let ipmi: Awaited<ReturnType<typeof startIpmiFor>> | undefined;
  try {
    if (spec.ipmi) ipmi = await startIpmiFor(server, { host: ctx.bind, port: spec.ports.ipmi ?? 0, ...ctx.account, logger });
  } catch (e) {
    await server.close();
    if (e instanceof FtlabError) throw e;
    throw new InfraError(`${spec.name}: the IPMI BMC could not start: ${errorMessage(e)}`, { cause: e });
  }
  return {
    announcement: {
      name: spec.name,
      kind: 'ft',
      redfish: server.redfishUrl,
      ...(ctx.tls ? { ca: ctx.tls.caFile } : {}),
      ...(ipmi ? { ipmi: ipmi.endpoint } : {}),
      workload: server.workload,
      console: server.console,
      timeScale: server.timeScale,
      defects: [...server.defects],
      profile: server.model.profile.name,
    },
    close: async () => {
      await ipmi?.close();
      await server.close();
    },
  };
}

export const FT_DEVICE_KIND: DeviceKind = {
  summary: 'emulated fault-tolerant (lockstep) server: Redfish + IPMI BMC, workload',
  check(spec, where) {
    parseDefects(spec.defects, `${where}.defects`);
    profileOf(spec, where);
    if (spec.memberPrefix !== undefined) throw new ConfigError(`${where}.memberPrefix`, 'expected no memberPrefix for an ft device (a cluster has members)');
  },
  start,
};
