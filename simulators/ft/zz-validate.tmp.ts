import Ajv from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';
import { startFtServer } from '/work/main/simulators/ft/server.ts';

const dir = '/tmp/schemas/json-schema';
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, loadSchema: undefined });
ajv.addFormat('uri-reference', true); ajv.addFormat('date-time', true); ajv.addFormat('uri', true);
const wanted = new Set<string>(); const files = new Set(readdirSync(dir));
const stubs = new Map<string, Set<string>>();
const need = (id: string, url = `http://redfish.dmtf.org/schemas/v1/${id}`) => { if (wanted.has(url)) return; wanted.add(url); const s = JSON.parse(readFileSync(`${dir}/${id}`, 'utf8')); const txt = JSON.stringify(s); for (const m of txt.matchAll(/(http:\/\/redfish\.dmtf\.org\/schemas\/(?:swordfish\/)?v1\/)([A-Za-z0-9_.-]+\.json)(?:#\/definitions\/(\w+))?/g)) { const f = m[2]!; if (f === 'redfish-schema-v1.json') continue; if (files.has(f)) need(f, m[1]! + f); else { const k = m[1]! + f; if (!stubs.has(k)) stubs.set(k, new Set()); if (m[3]) stubs.get(k)!.add(m[3]); } } s.$id = url; ajv.addSchema(s); };
const flushStubs = () => { for (const [k, defs] of stubs) { if (wanted.has(k)) continue; wanted.add(k); ajv.addSchema({ $id: k, definitions: Object.fromEntries([...defs].map((d) => [d, {}])) }); } };
const ft = await startFtServer({ port: 0, timeScale: 50 });
const auth = 'Basic ' + Buffer.from('admin:ftlab').toString('base64');
const get = async (p: string) => (await (await fetch(ft.redfishUrl + p, { headers: { authorization: auth } })).json()) as Record<string, unknown>;
const paths = ['/redfish/v1/Systems/ft0', '/redfish/v1/Chassis/Module0', '/redfish/v1/Chassis/Enclosure', '/redfish/v1/Managers/bmc', '/redfish/v1/Systems/ft0/Processors/M0-CPU0', '/redfish/v1/Systems/ft0/Memory/M0-DIMM0', '/redfish/v1/Systems/ft0/EthernetInterfaces/bond0', '/redfish/v1/Systems/ft0/EthernetInterfaces/M1-NIC0', '/redfish/v1/Chassis/Module0/PCIeDevices/M0-NIC0', '/redfish/v1/Systems/ft0/Storage/mirror0', '/redfish/v1/Systems/ft0/Storage/mirror0/Volumes/boot', '/redfish/v1/Systems/ft0/Processors', '/redfish/v1/Chassis'];
async function check() {
  for (const p of paths) {
    const body = await get(p);
    const t = String(body['@odata.type']).replace('#', '');
    const [ns, ver] = t.split('.');
    const file = ver?.startsWith('v') ? `${ns}.${ver}.json` : `${ns}.json`;
    try { need(file); } catch (e) { console.log(p, 'no schema', file, String(e).slice(0,300)); continue; }
    flushStubs(); const v = ajv.getSchema(`http://redfish.dmtf.org/schemas/v1/${file}`);
    if (!v) { console.log('no validator', file); continue; }
    const ok = v(body);
    console.log(ok ? 'OK  ' : 'FAIL', p, ok ? '' : JSON.stringify(v.errors?.slice(0, 5)));
  }
}
await check();
await fetch(ft.redfishUrl + '/redfish/v1/Oem/FtLab/FaultInjection/Actions/FtLabFaultInjection.InjectError', { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ Module: 1, Subsystem: 'Cpu', Kind: 'Permanent' }) });
await fetch(ft.redfishUrl + '/redfish/v1/Oem/FtLab/FaultInjection/Actions/FtLabFaultInjection.PullModule', { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ Module: 0 }) });
console.log('--- after faults');
paths.push('/redfish/v1/Chassis/Module1');
await check();
await ft.close();
