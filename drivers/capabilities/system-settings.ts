/** Settings of one managed system that an operator may change while it runs (its asset tag). */
export interface SystemSettings {
  readonly kind: 'SystemSettings';
  /** The system's asset tag now; null when the BMC reports none. */
  assetTag(signal?: AbortSignal): Promise<string | null>;
  /** Set the asset tag; resolves when the BMC accepted it (read it back to see it took effect). */
  setAssetTag(tag: string, signal?: AbortSignal): Promise<void>;
}
