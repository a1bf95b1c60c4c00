/**
 * What a backend offers for Serial-over-LAN: the host's serial console. `attach` starts
 * delivering what the host prints (from that moment on); the attachment types into it, sends a
 * serial BREAK, and detaches. One attachment per active SOL payload.
 */
export interface SolAttachment {
  input(bytes: Buffer): void;
  sendBreak(): void;
  detach(): void;
}

export interface SolConsole {
  attach(output: (bytes: Buffer) => void): SolAttachment;
}
