// Formats values for people: sizes, durations, ages, instants. Everything returns plain strings.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 -> "1.5 KiB"; null -> "–". */
export function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '–';
  let v = Number(n);
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${UNITS[i]}`;
}

/** 93784 -> "1 d 2 h 3 min"; 42 -> "42 s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return '–';
  let s = Math.max(0, Math.round(Number(seconds)));
  if (s < 60) return `${s} s`;
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hr = Math.floor(s / 3600); s -= hr * 3600;
  const min = Math.floor(s / 60); s -= min * 60;
  const parts = [];
  if (d) parts.push(`${d} d`);
  if (hr) parts.push(`${hr} h`);
  if (min && !d) parts.push(`${min} min`);
  if (!d && !hr && s) parts.push(`${s} s`);
  return parts.join(' ');
}

/** An ISO-8601 instant as "2026-12-07 17:40:02Z" (UTC, to the second). */
export function instant(iso) {
  if (!iso) return '–';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return String(iso);
  return t.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** How long ago an ISO-8601 instant was: "12 s ago". */
export function age(iso, now = Date.now()) {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  return `${duration((now - t) / 1000)} ago`;
}

/** A percentage with one decimal: 12.345 -> "12.3 %". */
export function percent(p) {
  if (p === null || p === undefined || Number.isNaN(Number(p))) return '–';
  return `${Number(p).toFixed(1)} %`;
}

/** A channel value as text (numbers trimmed to a sensible precision, objects as JSON). */
export function value(v, unit) {
  if (v === null || v === undefined) return '–';
  let s;
  if (typeof v === 'number') {
    s = Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  } else if (typeof v === 'object') {
    s = JSON.stringify(v);
  } else {
    s = String(v);
  }
  return unit ? `${s} ${unit}` : s;
}
