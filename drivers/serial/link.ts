/**
 * A byte link to a console (a serial port, a TCP console port, IPMI SOL): what SerialConsole reads lines
 * from. `onEnd` is called once, with null when the far end closed normally and with an error
 * (InfraError naming the console) when the link failed or the device went away.
 */
export interface LinkHandlers {
  onData(chunk: Uint8Array): void;
  onEnd(err: Error | null): void;
}

export interface ByteLink {
  /** Where it goes, for messages: `/dev/ttyS0`, `tcp://host:port`, `telnet://host:port`, `sol://host:port`. */
  readonly endpoint: string;
  write(data: Uint8Array): Promise<void>;
  /** A serial BREAK, where the link can send one (SOL). */
  sendBreak?(): Promise<void>;
  close(): Promise<void>;
}
