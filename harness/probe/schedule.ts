/**
 * The probe's send timeline: slot k is due at origin + k × interval. A loop that was held up
 * sends once, at once, and then keeps to the timeline (the next slot after now): no burst to
 * catch up, and no drift — taking "now + interval" after every late send shifts every later
 * send by the lateness, so the sends slip behind their timeline for good.
 */
export function nextSlot(origin: number, intervalMs: number, now: number): number {
  const k = Math.floor((now - origin) / intervalMs) + 1;
  return origin + Math.max(1, k) * intervalMs;
}
