/** 1536 -> "1.5 KB", 3_221_225_472 -> "3.0 GB" (binary multiples, as file managers show them). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n.toLocaleString('en-GB')} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
