/**
 * The search policies (FO-09) the lab's failover manager is configured with, per business: test
 * data of the embedded lab (its manager runs reference/failover-manager/failover-manager-default.yaml);
 * a lab whose manager has other policies states them here. The scenarios judge by these.
 */
import type { SearchPolicy } from './search-rules.ts';

export const LAB_POLICIES: Readonly<Record<string, SearchPolicy>> = {
  crm: { cpuModels: ['Xeon Gold 6338', 'Xeon Platinum 8380H'], minCpuFrequencyMHz: 2000, minMemoryGiB: 256, allowChipsetMismatch: true },
};
