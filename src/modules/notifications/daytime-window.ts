/** Hours of the day (in a time zone) when SMS notifications may go out: start inclusive, end exclusive. */
export interface DaytimeWindow {
  startHour: number;
  endHour: number;
  timeZone: string;
}

/** `08-21` and a time zone as a window; undefined when no window is set. */
export function parseDaytimeWindow(text: string | undefined, timeZone: string): DaytimeWindow | undefined {
  if (!text) return undefined;
  const [startHour, endHour] = text.split('-').map(Number) as [number, number];
  return { startHour, endHour, timeZone };
}

/** The wall-clock hour, minute, second and millisecond of an instant in a time zone. */
function wallClock(at: Date, timeZone: string): { hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { hour: get('hour'), minute: get('minute'), second: get('second') };
}

/**
 * The first instant at or after `at` inside the window: `at` itself when it is inside, else the next
 * start of the window. Computed on the wall clock of the window's time zone, then corrected once more for
 * a daylight-saving change between `at` and the start (the clock jumps by an hour at most once a night).
 */
export function nextInWindow(at: Date, window: DaytimeWindow | undefined): Date {
  if (!window) return at;
  const { hour, minute, second } = wallClock(at, window.timeZone);
  if (hour >= window.startHour && hour < window.endHour) return at;
  const hoursAhead = hour < window.startHour ? window.startHour - hour : 24 - hour + window.startHour;
  const sinceHour = (minute * 60 + second) * 1000 + at.getUTCMilliseconds();
  let next = new Date(at.getTime() + hoursAhead * 3_600_000 - sinceHour);
  const landed = wallClock(next, window.timeZone).hour;
  if (landed !== window.startHour) next = new Date(next.getTime() + (window.startHour - landed) * 3_600_000);
  return next;
}
