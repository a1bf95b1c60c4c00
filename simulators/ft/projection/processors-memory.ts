/** Processors and DIMMs, per module, under the System (Critical only for the faulty component). */
import { MODULES, type ModuleIndex } from '../types.ts';
import { SYSTEM, dimmId, memoryUri, moduleUri, processorId, processorUri } from '../uris.ts';
import { componentStatus, ref, type ProjectionContext } from './common.ts';

export interface ProcessorRef {
  m: ModuleIndex;
  id: string;
}

export function processorRefs(ctx: ProjectionContext): ProcessorRef[] {
  const cpusPerModule = ctx.model.profile.system.processorsPerModule;
  return MODULES.flatMap((m) => Array.from({ length: cpusPerModule }, (_, i) => ({ m, id: processorId(m, i) })));
}

export function mountProcessors(ctx: ProjectionContext): void {
  const { svc, model } = ctx;
  const p = model.profile;
  const threads = p.system.coresPerProcessor * p.system.threadsPerCore;
  const processorIds = processorRefs(ctx);
  svc.collection(`${SYSTEM}/Processors`, { type: '#ProcessorCollection.ProcessorCollection', name: 'Processors', members: () => processorIds.map((x) => processorUri(x.id)) });
  for (const { m, id } of processorIds) {
    svc.resource(processorUri(id), {
      type: '#Processor.v1_20_0.Processor',
      get: () => ({
        Id: id,
        Name: `Module ${m} processor ${id.slice(-1)}`,
        ProcessorType: 'CPU',
        ProcessorArchitecture: 'x86',
        InstructionSet: 'x86-64',
        Model: p.system.processorModel,
        TotalCores: p.system.coresPerProcessor,
        TotalThreads: threads,
        Socket: `CPU${id.slice(-1)}`,
        Status: componentStatus(model, m, id),
        Links: { Chassis: ref(moduleUri(m)) },
      }),
    });
  }
}

export function mountMemory({ svc, model }: ProjectionContext): void {
  const p = model.profile;
  const dimmMiB = Math.round((p.system.memoryGiB * 1024) / p.system.dimmsPerModule);
  const dimmIds = MODULES.flatMap((m) => Array.from({ length: p.system.dimmsPerModule }, (_, i) => ({ m, id: dimmId(m, i) })));
  svc.collection(`${SYSTEM}/Memory`, { type: '#MemoryCollection.MemoryCollection', name: 'Memory', members: () => dimmIds.map((x) => memoryUri(x.id)) });
  for (const { m, id } of dimmIds) {
    svc.resource(memoryUri(id), {
      type: '#Memory.v1_19_0.Memory',
      get: () => ({
        Id: id,
        Name: `Module ${m} DIMM ${id.replace(/^M\d-DIMM/, '')}`,
        MemoryDeviceType: 'DDR5',
        MemoryType: 'DRAM',
        CapacityMiB: dimmMiB,
        Status: componentStatus(model, m, id),
        Links: { Chassis: ref(moduleUri(m)) },
      }),
    });
  }
}
