/**
 * Where a business of a SAN-boot cluster answers from: which system (server or partition) runs it
 * now, seen from the network as a client would — its advertised address, the same whichever
 * system runs it. Read-only.
 */
export interface BusinessAddress {
  name: string;
  host: string;
  udp: number;
  tcp: number;
}

export type BusinessLocation =
  | { reachable: true; business: string; server: string; rttMs: number }
  | { reachable: false; business: string; reason: string };

export interface BusinessLocator {
  readonly kind: 'BusinessLocator';
  /** The businesses it knows, by name. */
  businesses(): readonly string[];
  /**
   * Ask the business who answers, until an answer or `deadlineMs` (then `reachable: false` with the
   * reason). Only a reply from the business's own address and port to this request counts.
   */
  locate(business: string, deadlineMs: number, signal?: AbortSignal): Promise<BusinessLocation>;
}
