/** Power of one managed system (a whole ft server, or one server of a fleet). */
export type PowerState = 'On' | 'Off' | 'PoweringOn' | 'PoweringOff' | 'Paused' | 'Unknown';
export type PowerAction = 'On' | 'ForceOff' | 'GracefulShutdown' | 'ForceRestart' | 'PowerCycle';

export interface PowerControl {
  readonly kind: 'PowerControl';
  state(signal?: AbortSignal): Promise<PowerState>;
  /**
   * Ask for a power action. Resolves when the device accepted it — not when the state changed:
   * callers that need the new state wait for it (and report "accepted but PowerState still X after N s").
   */
  request(action: PowerAction, signal?: AbortSignal): Promise<void>;
}
