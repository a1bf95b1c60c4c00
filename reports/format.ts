/** Deterministic number, duration and date formatting shared by the renderers. */

/** A number with up to `digits` decimals, trailing zeros trimmed. */
export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function withUnit(v: number | null | undefined, unit: string | null | undefined, digits = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return unit ? `${num(v, digits)} ${unit}` : num(v, digits);
}

/** Fraction → "12.3 %". */
export function pct(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '–';
  return `${num(fraction * 100, digits)} %`;
}

/** Milliseconds → "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 1000) return `${num(ms, ms < 10 ? 2 : 0)} ms`;
  return seconds(ms / 1000);
}

/** Seconds → human text (used for downtime per year). */
export function seconds(s: number | null | undefined): string {
  if (s === null || s === undefined || Number.isNaN(s)) return '–';
  if (s < 60) return `${num(s, s < 10 ? 2 : 1)} s`;
  if (s < 3600) {
    const total = Math.round(s);
    return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  }
  const minutes = Math.round(s / 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h ${String(m).padStart(2, '0')} min`;
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

/** Availability fraction → percent, truncated (never rounded up to 100 %): 0.9999999933 → "99.999999 %". */
export function availabilityPct(a: number | null | undefined): string {
  if (a === null || a === undefined || Number.isNaN(a)) return '–';
  return `${num(Math.floor(a * 1e8) / 1e6, 6)} %`;
}

/** Epoch ms → "2026-01-01 12:00:00 UTC" (history wall time; never the current time). */
export function utc(wall: number | null | undefined): string {
  if (wall === null || wall === undefined || !Number.isFinite(wall)) return '–';
  return `${new Date(wall).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}

/** Natural order for requirement ids: FO-2 < FO-10 < FT-1. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
