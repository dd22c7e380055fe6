/**
 * Shared by the latency benchmarks (records search, council search): a deterministic vocabulary
 * to generate and search text with, and p50/p95/p99 of repeated calls.
 */

/** Deterministic pseudo-Czech words (syllables), so every run searches the same language. */
export function vocabulary(n: number, seed: number): string[] {
  const onsets = [
    'b',
    'č',
    'd',
    'h',
    'k',
    'l',
    'm',
    'n',
    'p',
    'r',
    'ř',
    's',
    'š',
    't',
    'v',
    'z',
    'ž',
    'st',
    'pr',
    'kr',
  ];
  const vowels = ['a', 'á', 'e', 'é', 'i', 'í', 'o', 'u', 'ů', 'y'];
  const codas = ['', 'n', 'k', 'l', 'st', 'ch', 'm', 'r'];
  const words = new Set<string>();
  let state = seed;
  const rnd = (k: number) => {
    // xorshift32: exact in 32-bit integer arithmetic (a float LCG loses bits and cycles early)
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % k;
  };
  while (words.size < n) {
    let w = '';
    const syllables = 2 + rnd(3);
    for (let i = 0; i < syllables; i++) w += onsets[rnd(onsets.length)]! + vowels[rnd(vowels.length)]!;
    words.add(w + codas[rnd(codas.length)]!);
  }
  return [...words];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Calls `call(i)` `calls` times one after another (after 10 warm-up calls with indexes from
 * `warmupFrom`, for plans and caches) and prints `<label>_p50/p95/p99: … ms`.
 */
export async function measure(
  label: string,
  calls: number,
  call: (i: number) => Promise<unknown>,
  warmupFrom = 0,
): Promise<void> {
  for (let i = 0; i < 10; i++) await call(warmupFrom + i);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await call(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  for (const p of [50, 95, 99]) console.log(`${label}_p${p}: ${percentile(times, p).toFixed(1)} ms`);
}
