/** Where the system's workload (the "OS" and its applications) answers, as advertised by the BMC. */
export interface WorkloadEndpoint {
  host: string;
  udpPort: number;
  tcpPort: number;
}

export interface WorkloadLocator {
  readonly kind: 'WorkloadLocator';
  endpoint(signal?: AbortSignal): Promise<WorkloadEndpoint>;
}
