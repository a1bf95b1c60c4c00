/**
 * The catalogue of SUT requirements (design/requirements.md): id → short title, recorded in
 * run-begin so reports can name gaps. The H-* requirements are about ftlab itself, not about the
 * system under test, so they are not part of a compliance report.
 */
export const REQUIREMENTS: Readonly<Record<string, string>> = {
  'FT-01': 'Single module/component fault: the system keeps running',
  'FT-02': 'Repair without stopping: pull, fix, re-insert while running',
  'FT-03': 'One OS image, one server on the network',
  'FT-04': 'Availability >= 99.999 % (<= 5 min 15 s downtime a year)',
  'FT-05': 'IO failover: active/standby devices, immediate switch',
  'FT-06': 'PCIe fatal error hidden as surprise removal; driver fails over',
  'FT-07': 'Lockstep: the faulty CPU subsystem is cut off, the other continues',
  'FT-08': 'Resynchronisation: brownout copy, then a short blackout',
  'FT-09': 'Hypervisor mode: whole memory copied in blackout, budget by memory size',
  'FT-10': 'Error detection and isolation of the affected subsystem at once',
  'FT-11': 'Transient vs permanent: error counting, threshold, keep-out',
  'FT-12': 'The module shows which component to replace',
  'FT-13': 'Replacement flow back to duplex',
  'FO-01': 'Detect the failure of an active server',
  'FO-02': 'Fault action table: fail over or not, per fault type',
  'FO-03': 'Shut the failed server down before the takeover',
  'FO-04': 'Server management table',
  'FO-05': 'Standby search: same hardware configuration',
  'FO-06': 'Disk mapping change: each boot volume mapped to at most one WWN',
  'FO-07': 'Boot the standby from the external disk',
  'FO-08': 'Partitions: logical servers of N physical servers',
  'FO-09': 'Search policy per active server',
  'FO-10': 'Priority: preempt lower-priority servers',
  'FO-11': 'Network and SAN separation: zoning and VLAN follow',
  'FO-12': 'The same search serves scale-out/scale-up',
};
